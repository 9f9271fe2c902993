package dev.agentcron.runner;

import java.time.Duration;

/** How an attempt ended. */
public sealed interface DeliveryOutcome {

    /**
     * The agent answered; {@code response} is its answer (its output). The run succeeds. {@code note}, when
     * set, says what the run should know of the answer, such as that it was cut at the size limit.
     */
    record Delivered(String response, String note) implements DeliveryOutcome {
        public Delivered(String response) {
            this(response, null);
        }
    }

    /**
     * A transient failure worth another attempt: connection error, timeout, 408, 409, 429 or 5xx. When the
     * attempts are used up the run ends in {@code error}.
     *
     * @param retryAfter what the target asked for (Retry-After), or null
     */
    record Retryable(String reason, Duration retryAfter) implements DeliveryOutcome {}

    /**
     * The agent could not be started and another attempt would not change that: the command does not
     * exist, the target answered 4xx (such as 404 for an unknown agent), no runner is configured. The run
     * ends in {@code error} and its schedule shows the reason as {@code last_spawn_error}.
     */
    record Rejected(String reason, String response) implements DeliveryOutcome {}

    /** The agent ran and failed: a non-zero exit, a timeout, an answer without content. The run ends in {@code failed}. */
    record Failed(String reason, String response) implements DeliveryOutcome {}
}
