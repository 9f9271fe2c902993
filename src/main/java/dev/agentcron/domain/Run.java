package dev.agentcron.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a schedule. The pair ({@code scheduleId}, {@code dueAt}) is unique in the store, which
 * is what makes a double fire impossible.
 *
 * @param response what the agent answered (JSON text), when it answered
 * @param error why the last attempt failed, when it failed
 */
public record Run(
        RunId id,
        ScheduleId scheduleId,
        Principal owner,
        String agentId,
        Instant dueAt,
        RunState state,
        int attempt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Duration lateness,
        String response,
        String error,
        CallbackStatus callback) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Where the run's callback stands; null on a run whose schedule has no callback URL.
     *
     * @param state {@code pending}, {@code delivered} or {@code failed}
     */
    public record CallbackStatus(String state, int attempts, Integer lastStatusCode, String lastError, Instant deliveredAt) {}
}
