package dev.agentcron.domain;

import java.time.Instant;

/**
 * A stored API key: only the SHA-256 of the secret is kept.
 *
 * @param principal the user or team the key acts as
 * @param teams the teams of that user, space-separated (their schedules are the key's too)
 * @param agents the agents the key may message ({@link AgentScope} text); empty for any
 * @param expiresAt null for never
 */
public record ApiKeyRecord(String id, String principal, String name, String keyHash, String role, String teams, String agents,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {}
