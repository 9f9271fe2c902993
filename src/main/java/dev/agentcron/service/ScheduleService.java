package dev.agentcron.service;

import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.domain.Trigger;
import dev.agentcron.store.IdempotencyRecord;
import dev.agentcron.store.Store;
import dev.agentcron.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The use cases on schedules that every face shares: create, read, list, delete, history. */
public final class ScheduleService {

    private final Store store;
    private final ScheduleChanges changes;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final TargetPolicy targets;

    public ScheduleService(Store store, ScheduleChanges changes, IdGenerator ids, InstantSource clock, TargetPolicy targets) {
        this.store = store;
        this.changes = changes;
        this.ids = ids;
        this.clock = clock;
        this.targets = targets;
    }

    /** The answer to a create: what to send, which is the stored first answer when the request is a retry. */
    public record Created(int status, String body) {}

    /**
     * Creates a schedule. With {@code idempotency}, a retry of the same request returns the first answer,
     * rendered once by {@code render} and stored in the same transaction as the schedule.
     */
    public Created create(Principal owner, NewSchedule request, String idPrefix, Idempotency idempotency,
            Function<Schedule, String> render) {
        if (idempotency != null) {
            Optional<Created> replay = replay(owner, idempotency);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Instant now = clock.instant();
        Instant first = firstFire(request.trigger(), now);
        checkCallback(request.callbackUrl());
        Schedule schedule = new Schedule(new ScheduleId(ids.next(idPrefix)), owner, request.kind(), request.agentId(),
                request.trigger(), request.payload(), request.callbackUrl(), request.catchUp(), ScheduleState.ACTIVE,
                first, 1, now, now);
        String body = render.apply(schedule);
        IdempotencyRecord record = idempotency == null ? null
                : new IdempotencyRecord(owner, idempotency.key(), idempotency.requestHash(), 201, body, now);
        try {
            store.insertSchedule(schedule, record);
        } catch (StoreException e) {
            // Two retries raced on one key: the loser answers with the winner's result.
            if (idempotency != null) {
                Optional<Created> replay = replay(owner, idempotency);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
        changes.saved(schedule);
        return new Created(201, body);
    }

    private Optional<Created> replay(Principal owner, Idempotency idempotency) {
        return store.findIdempotency(owner, idempotency.key()).map(stored -> {
            if (!stored.requestHash().equals(idempotency.requestHash())) {
                throw new ServiceException.Conflict("Idempotency-Key \"" + idempotency.key()
                        + "\" was already used for a different request");
            }
            return new Created(stored.status(), stored.response());
        });
    }

    private static Instant firstFire(Trigger trigger, Instant now) {
        return switch (trigger) {
            case Trigger.At at -> {
                if (!at.at().isAfter(now)) {
                    throw new ServiceException.InvalidInput("schedule.scheduled_at",
                            "must be in the future (Unix epoch milliseconds); " + at.at().toEpochMilli()
                                    + " is " + (now.toEpochMilli() - at.at().toEpochMilli()) + " ms in the past");
                }
                yield at.at();
            }
            case Trigger.Cron cron -> cron.nextAfter(now).orElseThrow(() -> new ServiceException.InvalidInput(
                    "schedule.cron_expression", "\"" + cron.expression() + "\" never matches a future time"));
            case Trigger.Every every -> every.nextAfter(now).orElseThrow();
        };
    }

    private void checkCallback(String callbackUrl) {
        if (callbackUrl == null) {
            return;
        }
        String refusal;
        try {
            refusal = targets.syntaxRefusal(new URI(callbackUrl));
        } catch (URISyntaxException e) {
            refusal = "is not a valid URL: " + e.getReason();
        }
        if (refusal != null) {
            throw new ServiceException.InvalidInput("callback_url", refusal);
        }
    }

    /** A visible schedule of {@code owner} for {@code agentId}; anything else is not found. */
    public Schedule get(Principal owner, String agentId, ScheduleId id) {
        return store.findSchedule(id)
                .filter(s -> s.owner().equals(owner) && s.agentId().equals(agentId) && s.isVisible())
                .orElseThrow(() -> new ServiceException.NotFound("Scheduled message not found"));
    }

    public Page<Schedule> list(Principal owner, String agentId, String after, int limit) {
        List<Schedule> rows = store.listSchedules(owner, agentId, after, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    public void delete(Principal owner, String agentId, ScheduleId id) {
        Schedule schedule = get(owner, agentId, id);
        if (!store.deleteSchedule(schedule.id(), clock.instant())) {
            throw new ServiceException.NotFound("Scheduled message not found");
        }
        changes.removed(schedule.id());
    }

    /**
     * The runs of a schedule of {@code owner} for {@code agentId}, newest first. A one-time schedule that has
     * fired keeps its history; a deleted one does not show it.
     */
    public Page<Run> history(Principal owner, String agentId, ScheduleId id, int offset, int limit) {
        store.findSchedule(id)
                .filter(s -> s.owner().equals(owner) && s.agentId().equals(agentId) && s.state() != ScheduleState.DELETED)
                .orElseThrow(() -> new ServiceException.NotFound("Scheduled message not found"));
        List<Run> rows = store.listRuns(id, offset, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }
}
