package dev.agentcron.store;

import java.time.Instant;

/** A stored API key: only the SHA-256 of the secret is kept. */
public record ApiKeyRecord(String id, String principal, String name, String keyHash, Instant createdAt) {}
