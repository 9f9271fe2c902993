package dev.agentcron.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code base * 2^(n-1)}, capped at {@code max}. The jitter spreads retries of many runs that failed
 * together (a target restarting) so they do not return together.
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got base " + base + ", max " + max);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delay(int attempt, RandomGenerator random) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        // Saturating: a base shifted past the cap (or past a long) waits the cap.
        long ceiling = base.toMillis() > max.toMillis() >> doublings ? max.toMillis() : base.toMillis() << doublings;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
