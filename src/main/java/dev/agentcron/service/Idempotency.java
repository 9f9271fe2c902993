package dev.agentcron.service;

/**
 * An {@code Idempotency-Key} and a hash of the request it came with: a retry with the same key and the same
 * request gets the first answer again; the same key with another request is a conflict.
 */
public record Idempotency(String key, String requestHash) {

    public static final int MAX_KEY_LENGTH = 255;

    public Idempotency {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new ServiceException.InvalidInput("Idempotency-Key", "must be 1.." + MAX_KEY_LENGTH + " characters");
        }
    }
}
