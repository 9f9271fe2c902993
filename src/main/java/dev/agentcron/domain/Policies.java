package dev.agentcron.domain;

import java.util.Objects;

/** How a schedule treats missed and overlapping occurrences. */
public record Policies(CatchUpPolicy catchUp, OverlapPolicy overlap) {

    public Policies {
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(overlap, "overlap");
    }

    /** The defaults of each kind: a Letta agent gets its messages one at a time; a spawned agent run is skipped while one runs. */
    public static Policies defaultsFor(ScheduleKind kind) {
        return switch (kind) {
            case LETTA_MESSAGE -> new Policies(CatchUpPolicy.ONCE, OverlapPolicy.QUEUE);
            case AGENT_RUN -> new Policies(CatchUpPolicy.ONCE, OverlapPolicy.SKIP);
        };
    }
}
