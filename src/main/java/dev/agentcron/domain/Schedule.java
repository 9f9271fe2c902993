package dev.agentcron.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored schedule.
 *
 * @param payload the face's request body, kept verbatim so that fields this version does not know survive
 * @param nextFireAt the nominal time of the next occurrence, or null when nothing is left to fire
 * @param version bumped on every write; the engine fires only the version it loaded (optimistic fence)
 */
public record Schedule(
        ScheduleId id,
        Principal owner,
        ScheduleKind kind,
        String agentId,
        Trigger trigger,
        ObjectNode payload,
        String callbackUrl,
        CatchUpPolicy catchUp,
        ScheduleState state,
        Instant nextFireAt,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This schedule as the fire transaction leaves it: at {@code next}, or done when null. */
    public Schedule advancedTo(Instant next) {
        ScheduleState nextState = next == null ? ScheduleState.DONE : state;
        return new Schedule(id, owner, kind, agentId, trigger, payload, callbackUrl, catchUp, nextState, next,
                version + 1, createdAt, updatedAt);
    }

    public boolean isVisible() {
        return state == ScheduleState.ACTIVE || state == ScheduleState.PAUSED;
    }
}
