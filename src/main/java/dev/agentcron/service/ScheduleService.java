package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
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
import java.util.function.UnaryOperator;

/** The use cases on schedules that every face shares: create, read, list, edit, pause, resume, delete, history. */
public final class ScheduleService {

    /** Edits race with fires (which bump the version); this many re-reads is far more than a race needs. */
    private static final int MAX_EDIT_TRIES = 10;

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

    /** A created schedule; {@code replayed} when the request was a retry of one that made it before. */
    public record Created(Schedule schedule, boolean replayed) {}

    /**
     * Creates a schedule. With {@code idempotency}, a retry of the same request answers with the schedule the
     * first one made (as it is now), and the record of that is written in the schedule's transaction.
     */
    public Created create(Principal owner, NewSchedule request, String idPrefix, Idempotency idempotency) {
        if (idempotency != null) {
            Optional<Created> replay = replay(owner, idempotency);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Instant now = clock.instant();
        Instant first = firstFire(request.trigger(), now);
        checkCallback(request.callbackUrl());
        Schedule schedule = request.toSchedule(new ScheduleId(ids.next(idPrefix)), owner, now, first);
        IdempotencyRecord record = idempotency == null ? null
                : new IdempotencyRecord(owner, idempotency.key(), idempotency.requestHash(), schedule.id(), now);
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
        return new Created(schedule, false);
    }

    private Optional<Created> replay(Principal owner, Idempotency idempotency) {
        return store.findIdempotency(owner, idempotency.key()).map(stored -> {
            if (!stored.requestHash().equals(idempotency.requestHash())) {
                throw new ServiceException.Conflict("Idempotency-Key \"" + idempotency.key()
                        + "\" was already used for a different request");
            }
            Schedule made = store.findSchedule(stored.scheduleId())
                    .orElseThrow(() -> new ServiceException.NotFound(ServiceException.Subject.SCHEDULE));
            return new Created(made, true);
        });
    }

    private static Instant firstFire(Trigger trigger, Instant now) {
        return switch (trigger) {
            case Trigger.At at -> {
                if (!at.at().isAfter(now)) {
                    throw new ServiceException.InvalidInput(ServiceException.Field.SCHEDULED_AT,
                            "must be in the future (Unix epoch milliseconds); " + at.at().toEpochMilli()
                                    + " is " + (now.toEpochMilli() - at.at().toEpochMilli()) + " ms in the past");
                }
                yield at.at();
            }
            case Trigger.Cron cron -> cron.nextAfter(now).orElseThrow(() -> new ServiceException.InvalidInput(
                    ServiceException.Field.CRON, "\"" + cron.expression() + "\" never matches a future time"));
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
            throw new ServiceException.InvalidInput(ServiceException.Field.CALLBACK_URL, refusal);
        }
    }

    /**
     * A visible schedule of {@code owner} and {@code kind} (any kind when null; and, when given, for
     * {@code agentId}); anything else is not found, so ids of other principals do not leak. The other
     * operations take {@code kind} the same way.
     */
    public Schedule get(Principal owner, ScheduleKind kind, String agentId, ScheduleId id) {
        return store.findSchedule(id)
                .filter(s -> s.owner().equals(owner) && (kind == null || s.kind() == kind) && s.isVisible())
                .filter(s -> agentId == null || s.agentId().equals(agentId))
                .orElseThrow(ScheduleService::notFound);
    }

    private static ServiceException.NotFound notFound() {
        return new ServiceException.NotFound(ServiceException.Subject.SCHEDULE);
    }

    /** Scheduled messages of one agent, in creation order, after {@code after}. */
    public Page<Schedule> listForAgent(Principal owner, String agentId, String after, int limit) {
        List<Schedule> rows = store.listSchedules(owner, agentId, after, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    /** Every visible schedule of one kind, by name (case-insensitive), then id. */
    public List<Schedule> listByName(Principal owner, ScheduleKind kind) {
        return store.listSchedulesByName(owner, kind);
    }

    /** Replaces the editable fields; a changed trigger or a resume fires next from now. */
    public Schedule update(Principal owner, ScheduleKind kind, ScheduleId id, ScheduleEdit edit) {
        Instant now = clock.instant();
        Instant next = firstFire(edit.trigger(), now);
        return edit(owner, kind, id, current -> {
            ObjectNode payload = edit.payload().deepCopy();
            ObjectNode stored = current.payload().copy();
            if (edit.keepAgentConfig() && stored.has("agent_config")) {
                payload.set("agent_config", stored.get("agent_config"));
            }
            Policies policies = edit.policies() != null ? edit.policies().apply(current.policies()) : current.policies();
            Schedule edited = current.edited(edit.name(), edit.trigger(), JsonDocument.of(payload), policies);
            if (!edit.enabled()) {
                return edited.withState(ScheduleState.PAUSED, null, owner, now);
            }
            return edited.withLastRun(current.lastRun().resumed()).withState(ScheduleState.ACTIVE, edited.fireTimeOf(next), owner, now);
        });
    }

    /** Stops firing until resumed. Pausing a paused schedule changes nothing but its update time. */
    public Schedule pause(Principal owner, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        return edit(owner, kind, id, s -> s.withState(ScheduleState.PAUSED, null, owner, now));
    }

    /**
     * Fires again from now on: occurrences that fell while paused are not caught up. Resuming an active
     * schedule keeps its next fire.
     */
    public Schedule resume(Principal owner, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        return edit(owner, kind, id, s -> {
            if (s.state() == ScheduleState.ACTIVE) {
                return s.withState(ScheduleState.ACTIVE, s.nextFireAt(), owner, now);
            }
            return s.withLastRun(s.lastRun().resumed())
                    .withState(ScheduleState.ACTIVE, s.fireTimeOf(firstFire(s.trigger(), now)), owner, now);
        });
    }

    /**
     * Skips the schedule's next occurrence: it moves to the one after. No run is recorded for the skipped
     * one. A schedule with no occurrence after it (one-time, or at its end) cannot skip.
     */
    public Schedule skipNext(Principal owner, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        return edit(owner, kind, id, s -> {
            if (s.state() != ScheduleState.ACTIVE || s.nextFireAt() == null) {
                throw new ServiceException.InvalidInput(ServiceException.Field.STATE, "only an active schedule has a next occurrence to skip");
            }
            Instant after = s.trigger().nextAfter(s.nominalOf(s.nextFireAt())).orElseThrow(() ->
                    new ServiceException.InvalidInput(ServiceException.Field.NEXT_OCCURRENCE,
                            "has no occurrence after the next one; delete it instead"));
            return s.withState(ScheduleState.ACTIVE, s.fireTimeOf(after), owner, now);
        });
    }

    /** Read, change, write with the version fence; re-read when a fire or another edit came between. */
    private Schedule edit(Principal owner, ScheduleKind kind, ScheduleId id, UnaryOperator<Schedule> change) {
        for (int i = 0; i < MAX_EDIT_TRIES; i++) {
            Schedule current = get(owner, kind, null, id);
            Schedule changed = change.apply(current);
            if (store.updateSchedule(changed)) {
                Schedule stored = store.findSchedule(id).orElseThrow(ScheduleService::notFound);
                changes.saved(stored);
                return stored;
            }
        }
        throw new ServiceException.Conflict("schedule " + id + " kept changing while it was being edited; try again");
    }

    public void delete(Principal owner, ScheduleKind kind, String agentId, ScheduleId id) {
        Schedule schedule = get(owner, kind, agentId, id);
        if (!store.deleteSchedule(schedule.id(), clock.instant())) {
            throw notFound();
        }
        changes.removed(schedule.id());
    }

    /**
     * The runs of a scheduled message, newest first. A one-time message that has fired keeps its history;
     * a deleted one does not show it.
     */
    public Page<Run> history(Principal owner, String agentId, ScheduleId id, int offset, int limit) {
        store.findSchedule(id)
                .filter(s -> s.owner().equals(owner) && s.agentId().equals(agentId) && s.state() != ScheduleState.DELETED)
                .orElseThrow(ScheduleService::notFound);
        List<Run> rows = store.listRuns(id, offset, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }
}
