package dev.agentcron.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One run: an occurrence of a schedule, a "run now", or a run started through the API. For occurrences, the
 * pair ({@code scheduleId}, {@code dueAt}) is unique in the store, which is what makes a double fire
 * impossible. A run carries everything its delivery needs ({@code input}, {@code lane}, {@code callbackUrl}),
 * so it can be delivered again after a crash whatever happened to its schedule since.
 *
 * @param scheduleId null for a run started through the runs API
 * @param response what the agent answered (its output), when it answered
 * @param error why it failed, was skipped or cancelled
 */
public record Run(
        RunId id,
        ScheduleId scheduleId,
        Principal owner,
        ScheduleKind kind,
        String agentId,
        RunSource source,
        String lane,
        Instant dueAt,
        RunState state,
        int attempt,
        JsonDocument input,
        String callbackUrl,
        RunPolicy policy,
        Times times,
        String response,
        String error,
        CallbackStatus callback) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(times, "times");
    }

    /**
     * The run of one occurrence of {@code schedule}, made at {@code now}: pending, or written already finished
     * as {@code state} (skipped, missed) with {@code error} saying why.
     */
    public static Run occurrence(Schedule schedule, RunId id, Instant dueAt, RunState state, String error, Instant now) {
        Instant finishedAt = state.isFinished() ? now : null;
        Duration lateness = Duration.between(schedule.fireTimeOf(dueAt), now);
        return new Run(id, schedule.id(), schedule.owner(), schedule.kind(), schedule.agentId(), RunSource.SCHEDULE,
                schedule.laneFor(id), dueAt, state, 0, schedule.runInput(), schedule.callbackUrl(),
                schedule.policies().runPolicy(), new Times(now, now, null, finishedAt, lateness), null, error, null);
    }

    /** A "run now" of {@code schedule}, due at once; its cadence is unchanged. */
    public static Run manual(Schedule schedule, RunId id, Instant now) {
        return new Run(id, schedule.id(), schedule.owner(), schedule.kind(), schedule.agentId(), RunSource.MANUAL,
                schedule.laneFor(id), now, RunState.PENDING, 0, schedule.runInput(), schedule.callbackUrl(),
                schedule.policies().runPolicy(), new Times(now, now, null, null, Duration.ZERO), null, null, null);
    }

    /** An agent run started through the API, with no schedule: {@code input} is its prompt and config. */
    public static Run adHoc(Principal owner, RunId id, JsonDocument input, Instant now) {
        return new Run(id, null, owner, ScheduleKind.AGENT_RUN, "", RunSource.API, "run:" + id.value(), now,
                RunState.PENDING, 0, input, null, RunPolicy.DEFAULTS, new Times(now, now, null, null, Duration.ZERO), null,
                null, null);
    }

    /**
     * When things happened to a run.
     *
     * @param lateness from the due instant to the start of the transaction that made the run
     */
    public record Times(Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt, Duration lateness) {
        public Times {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    /**
     * Where the run's callback stands; null on a run without a callback URL.
     *
     * @param state {@code pending}, {@code delivered} or {@code failed}
     */
    public record CallbackStatus(String state, int attempts, Integer lastStatusCode, String lastError, Instant deliveredAt) {}
}
