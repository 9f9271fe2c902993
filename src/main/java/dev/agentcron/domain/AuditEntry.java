package dev.agentcron.domain;

import java.time.Instant;

/** One change to a schedule or a key: who ({@code actor}, with which key), what, when. */
public record AuditEntry(String id, Instant at, String actor, String keyId, String action, String target, String detail) {}
