package dev.agentcron.store;

import java.time.Instant;

/**
 * The result of one callback attempt.
 *
 * @param state {@code pending} (retry at {@code nextAttemptAt}), {@code delivered} or {@code failed}
 */
public record CallbackAttempt(
        String id, String state, int attempts, Integer statusCode, String error, Instant nextAttemptAt, Instant deliveredAt) {}
