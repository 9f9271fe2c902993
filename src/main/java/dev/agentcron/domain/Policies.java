package dev.agentcron.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a schedule treats time and failure. Null members take the server's defaults.
 *
 * @param catchUpWindow how late an occurrence may still fire after downtime; null for the server's
 * @param catchUpLimit with {@code all}: the most missed occurrences fired at once
 * @param jitter spreads the fire instant by a fixed, per-schedule offset in [0, jitter); null for none
 * @param retry attempts and backoff for this schedule's runs; null for the server's
 * @param timeout how long one run may take; null for the runner's
 * @param autoPauseAfter pause the schedule after this many failed runs in a row; null never
 */
public record Policies(
        CatchUpPolicy catchUp,
        Duration catchUpWindow,
        int catchUpLimit,
        OverlapPolicy overlap,
        Duration jitter,
        RunPolicy.Retry retry,
        Duration timeout,
        Integer autoPauseAfter) {

    public static final int DEFAULT_CATCH_UP_LIMIT = 10;

    public Policies {
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(overlap, "overlap");
        if (catchUpLimit < 1) {
            throw new IllegalArgumentException("catch-up limit must be positive, got " + catchUpLimit);
        }
    }

    public Policies(CatchUpPolicy catchUp, OverlapPolicy overlap) {
        this(catchUp, null, DEFAULT_CATCH_UP_LIMIT, overlap, null, null, null, null);
    }

    /** The defaults of each kind: a Letta agent gets its messages one at a time; a spawned agent run is skipped while one runs. */
    public static Policies defaultsFor(ScheduleKind kind) {
        return switch (kind) {
            case LETTA_MESSAGE -> new Policies(CatchUpPolicy.ONCE, OverlapPolicy.QUEUE);
            case AGENT_RUN -> new Policies(CatchUpPolicy.ONCE, OverlapPolicy.SKIP);
        };
    }

    /** What each run of the schedule carries of these policies. */
    public RunPolicy runPolicy() {
        return new RunPolicy(retry, timeout, autoPauseAfter);
    }
}
