package dev.agentcron.runner;

import java.time.Duration;

/** How an attempt ended. */
public sealed interface DeliveryOutcome {

    /** The agent answered; {@code response} is its answer (JSON text). */
    record Delivered(String response) implements DeliveryOutcome {}

    /**
     * A transient failure worth another attempt: connection error, timeout, 408, 409, 429 or 5xx.
     *
     * @param retryAfter what the target asked for (Retry-After), or null
     */
    record Retryable(String reason, Duration retryAfter) implements DeliveryOutcome {}

    /** A failure another attempt would repeat, such as 404 for an unknown agent. */
    record Failed(String reason, String response) implements DeliveryOutcome {}
}
