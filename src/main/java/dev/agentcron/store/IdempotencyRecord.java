package dev.agentcron.store;

import dev.agentcron.domain.Principal;
import java.time.Instant;

/** The first answer to a create that carried an {@code Idempotency-Key}, replayed to its retries. */
public record IdempotencyRecord(Principal owner, String key, String requestHash, int status, String response, Instant createdAt) {}
