package dev.agentcron.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode input,
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
