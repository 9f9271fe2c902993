package dev.agentcron.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored schedule: an immutable value. A change is a named copy ({@link #withState}, {@link #edited}, ...)
 * that the store writes with the version fence.
 *
 * @param agentId the Letta agent a message goes to; empty for agent runs
 * @param payload the face's request body, kept verbatim so that fields this version does not know survive
 * @param nextFireAt the nominal time of the next occurrence, or null when nothing is left to fire (or paused)
 * @param version bumped on every write; the engine fires only the version it loaded (optimistic fence)
 */
public record Schedule(
        ScheduleId id,
        Principal owner,
        ScheduleKind kind,
        String agentId,
        String name,
        Trigger trigger,
        JsonDocument payload,
        String callbackUrl,
        Policies policies,
        ScheduleState state,
        Instant nextFireAt,
        long version,
        LastRun lastRun,
        Audit audit) {

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(audit, "audit");
    }

    /** This schedule as a fire leaves it: at {@code next} (a fire instant), or done when null; one version on. */
    public Schedule advancedTo(Instant next) {
        ScheduleState nextState = next == null ? ScheduleState.DONE : state;
        return new Schedule(id, owner, kind, agentId, name, trigger, payload, callbackUrl, policies, nextState, next,
                version + 1, lastRun, audit);
    }

    /** In {@code newState}, next firing at {@code next} (null: not at all), changed by {@code by} at {@code at}. */
    public Schedule withState(ScheduleState newState, Instant next, Principal by, Instant at) {
        return new Schedule(id, owner, kind, agentId, name, trigger, payload, callbackUrl, policies, newState, next,
                version, lastRun, audit.updated(by, at));
    }

    /** With a new name, trigger, payload and policies (a full edit); state and next fire are set apart. */
    public Schedule edited(String newName, Trigger newTrigger, JsonDocument newPayload, Policies newPolicies) {
        return new Schedule(id, owner, kind, agentId, newName, newTrigger, newPayload, callbackUrl, newPolicies, state,
                nextFireAt, version, lastRun, audit);
    }

    public Schedule withLastRun(LastRun newLastRun) {
        return new Schedule(id, owner, kind, agentId, name, trigger, payload, callbackUrl, policies, state, nextFireAt,
                version, newLastRun, audit);
    }

    public Schedule withPayload(JsonDocument newPayload) {
        return new Schedule(id, owner, kind, agentId, name, trigger, newPayload, callbackUrl, policies, state, nextFireAt,
                version, lastRun, audit);
    }

    public boolean isVisible() {
        return state == ScheduleState.ACTIVE || state == ScheduleState.PAUSED;
    }

    /**
     * What a run of this schedule delivers, frozen when the run is made, so that later edits change only
     * later runs: a Letta message's request as sent; an agent run's prompt and config with the schedule's
     * name and trigger at that time.
     */
    public JsonDocument runInput() {
        return switch (kind) {
            case LETTA_MESSAGE -> payload;
            case AGENT_RUN -> {
                ObjectNode body = payload.copy();
                ObjectNode input = body.objectNode();
                input.put("prompt", body.path("prompt").asText(""));
                if (body.hasNonNull("agent_config")) {
                    input.set("agent_config", body.get("agent_config"));
                }
                ObjectNode snapshot = input.putObject("schedule");
                snapshot.put("schedule_id", id.value());
                snapshot.put("schedule_name", name);
                snapshot.put("cron_schedule", trigger instanceof Trigger.Cron cron ? cron.expression().text() : "");
                yield JsonDocument.of(input);
            }
        };
    }

    /**
     * The fixed offset this schedule's fires are spread by ({@code jitter}): the same for every occurrence,
     * different between schedules, so a herd of {@code 0 9 * * *} schedules does not fire in one millisecond.
     */
    public Duration jitterOffset() {
        Duration jitter = policies.jitter();
        if (jitter == null || jitter.toMillis() <= 0) {
            return Duration.ZERO;
        }
        long mixed = id.value().hashCode() * 0x9E3779B97F4A7C15L;
        return Duration.ofMillis(Math.floorMod(mixed, jitter.toMillis()));
    }

    /** The occurrence a stored fire instant stands for (the instant less the jitter offset). */
    public Instant nominalOf(Instant fireAt) {
        return fireAt == null ? null : fireAt.minus(jitterOffset());
    }

    /** When an occurrence fires (the occurrence plus the jitter offset). */
    public Instant fireTimeOf(Instant occurrence) {
        return occurrence == null ? null : occurrence.plus(jitterOffset());
    }

    /** Runs that share a lane are delivered one at a time, in due order. */
    public String laneFor(RunId run) {
        return switch (kind) {
            // A stateful agent answering two messages at once gives undefined results.
            case LETTA_MESSAGE -> "agent:" + agentId;
            case AGENT_RUN -> policies.overlap() == OverlapPolicy.ALLOW ? "run:" + run.value() : "schedule:" + id.value();
        };
    }
}
