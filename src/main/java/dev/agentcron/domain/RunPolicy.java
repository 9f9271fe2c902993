package dev.agentcron.domain;

import java.time.Duration;

/**
 * What a run carries of its schedule's policies, so it is delivered the same way after a crash or on another
 * node. Null members take the server's or the runner's defaults.
 */
public record RunPolicy(Retry retry, Duration timeout, Integer autoPauseAfter) {

    public static final RunPolicy DEFAULTS = new RunPolicy(null, null, null);

    /** At most {@code maxAttempts} attempts, the first retry after about {@code backoff}, doubling. */
    public record Retry(int maxAttempts, Duration backoff) {
        public Retry {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("max attempts must be 1..100, got " + maxAttempts);
            }
            if (backoff != null && backoff.toMillis() < 1) {
                throw new IllegalArgumentException("backoff must be positive, got " + backoff);
            }
        }
    }
}
