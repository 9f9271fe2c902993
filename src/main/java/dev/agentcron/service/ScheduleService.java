package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.store.IdempotencyRecord;
import dev.agentcron.store.Store;
import dev.agentcron.store.StoreException;
import java.time.Duration;
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
    private final AuditLog audit;
    private final Limits limits;
    private final ScheduleRules rules;

    /** The limits a create is held to: schedules per owner, and the shortest time between two fires. */
    public record Limits(int maxSchedulesPerOwner, Duration minInterval) {}

    public ScheduleService(Store store, ScheduleChanges changes, IdGenerator ids, InstantSource clock, TargetPolicy targets,
            AuditLog audit, Limits limits) {
        this.store = store;
        this.changes = changes;
        this.ids = ids;
        this.clock = clock;
        this.audit = audit;
        this.limits = limits;
        this.rules = new ScheduleRules(targets, limits.minInterval());
    }

    /** A created schedule; {@code replayed} when the request was a retry of one that made it before. */
    public record Created(Schedule schedule, boolean replayed) {}

    /**
     * Creates a schedule. With {@code idempotency}, a retry of the same request answers with the schedule the
     * first one made (as it is now), and the record of that is written in the schedule's transaction.
     */
    public Created create(Caller caller, NewSchedule request, String idPrefix, Idempotency idempotency) {
        Access.requireChange(caller);
        Access.requireAgent(caller, request.agentId());
        Access.requireAgent(caller, request.agentName());
        Principal by = caller.principal();
        if (idempotency != null) {
            Optional<Created> replay = replay(by, idempotency);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Principal owner;
        try {
            owner = caller.ownerFor(request.team());
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput(ServiceException.Field.TEAM, e.getMessage());
        }
        Instant now = clock.instant();
        Instant first = rules.firstFire(request.trigger(), now);
        rules.checkInterval(request.trigger(), first);
        rules.checkCallback(request.callbackUrl());
        if (store.countSchedules(owner) >= limits.maxSchedulesPerOwner()) {
            throw new ServiceException.Conflict(owner.id() + " has " + limits.maxSchedulesPerOwner()
                    + " schedules, the most one owner may have (AGENTCRON_MAX_SCHEDULES); delete some first");
        }
        Schedule schedule = request.toSchedule(new ScheduleId(ids.next(idPrefix)), owner, by, now, first);
        IdempotencyRecord record = idempotency == null ? null
                : new IdempotencyRecord(by, idempotency.key(), idempotency.requestHash(), schedule.id(), now);
        try {
            store.insertSchedule(schedule, record);
        } catch (StoreException e) {
            // Two retries raced on one key: the loser answers with the winner's result.
            if (idempotency != null) {
                Optional<Created> replay = replay(by, idempotency);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
        changes.saved(schedule);
        audit.record(caller, "schedule.create", schedule.id().value(), schedule.kind().wire() + " owned by " + owner.id());
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

    /**
     * A visible schedule of {@code owner} and {@code kind} (any kind when null; and, when given, for
     * {@code agentId}); anything else is not found, so ids of other principals do not leak. The other
     * operations take {@code kind} the same way.
     */
    public Schedule get(Caller caller, ScheduleKind kind, String agentId, ScheduleId id) {
        return store.findSchedule(id)
                .filter(s -> caller.sees(s.owner()) && (kind == null || s.kind() == kind) && s.isVisible())
                .filter(s -> agentId == null || s.agentId().equals(agentId))
                .orElseThrow(ScheduleService::notFound);
    }

    private static ServiceException.NotFound notFound() {
        return new ServiceException.NotFound(ServiceException.Subject.SCHEDULE);
    }

    /** Scheduled messages of one agent, in creation order, after {@code after}. */
    public Page<Schedule> listForAgent(Caller caller, String agentId, String after, int limit) {
        List<Schedule> rows = store.listSchedules(caller.owners(), agentId, after, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    /** One page of the caller's schedules, and its teams', across faces, as {@code query} asks (its owners are the caller's). */
    public Page<Schedule> search(Caller caller, ScheduleQuery query) {
        ScheduleQuery mine = new ScheduleQuery(caller.owners(), query.text(), query.kind(), query.state(), query.agentId(),
                query.lastRunState(), query.after(), query.limit() + 1);
        List<Schedule> rows = store.querySchedules(mine);
        boolean more = rows.size() > query.limit();
        return new Page<>(more ? rows.subList(0, query.limit()) : rows, more);
    }

    /** Every visible schedule of one kind, by name (case-insensitive), then id. */
    public List<Schedule> listByName(Caller caller, ScheduleKind kind) {
        return store.listSchedulesByName(caller.owners(), kind);
    }

    /** Replaces the editable fields; a changed trigger or a resume fires next from now. */
    public Schedule update(Caller caller, ScheduleKind kind, ScheduleId id, ScheduleEdit edit) {
        Instant now = clock.instant();
        Instant next = rules.firstFire(edit.trigger(), now);
        rules.checkInterval(edit.trigger(), next);
        Principal by = caller.principal();
        return edit(caller, "schedule.update", kind, id, current -> {
            ObjectNode payload = edit.payload().deepCopy();
            ObjectNode stored = current.payload().copy();
            if (edit.keepAgentConfig() && stored.has("agent_config")) {
                payload.set("agent_config", stored.get("agent_config"));
            }
            Policies policies = edit.policies() != null ? edit.policies().apply(current.policies()) : current.policies();
            Schedule edited = current.edited(edit.name(), edit.trigger(), JsonDocument.of(payload), policies);
            if (!edit.enabled()) {
                return edited.withState(ScheduleState.PAUSED, null, by, now);
            }
            return edited.withLastRun(current.lastRun().resumed()).withState(ScheduleState.ACTIVE, edited.fireTimeOf(next), by, now);
        });
    }

    /** Stops firing until resumed. Pausing a paused schedule changes nothing but its update time. */
    public Schedule pause(Caller caller, ScheduleKind kind, ScheduleId id) {
        return pause(caller, kind, id, null);
    }

    /** Stops firing until resumed, noting why ({@code reason} may be null); a paused schedule keeps its first reason. */
    public Schedule pause(Caller caller, ScheduleKind kind, ScheduleId id, String reason) {
        Instant now = clock.instant();
        return edit(caller, "schedule.pause", kind, id, s -> {
            Schedule paused = s.withState(ScheduleState.PAUSED, null, caller.principal(), now);
            return s.state() == ScheduleState.PAUSED || reason == null ? paused : paused.withLastRun(s.lastRun().pausedBecause(reason));
        });
    }

    /**
     * Fires again from now on: occurrences that fell while paused are not caught up. Resuming an active
     * schedule keeps its next fire.
     */
    public Schedule resume(Caller caller, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        Principal by = caller.principal();
        return edit(caller, "schedule.resume", kind, id, s -> {
            if (s.state() == ScheduleState.ACTIVE) {
                return s.withState(ScheduleState.ACTIVE, s.nextFireAt(), by, now);
            }
            return s.withLastRun(s.lastRun().resumed())
                    .withState(ScheduleState.ACTIVE, s.fireTimeOf(rules.firstFire(s.trigger(), now)), by, now);
        });
    }

    /**
     * Skips the schedule's next occurrence: it moves to the one after. No run is recorded for the skipped
     * one. A schedule with no occurrence after it (one-time, or at its end) cannot skip.
     */
    public Schedule skipNext(Caller caller, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        Principal by = caller.principal();
        return edit(caller, "schedule.skip_next", kind, id, s -> {
            if (s.state() != ScheduleState.ACTIVE || s.nextFireAt() == null) {
                throw new ServiceException.InvalidInput(ServiceException.Field.STATE, "only an active schedule has a next occurrence to skip");
            }
            Instant after = s.trigger().nextAfter(s.nominalOf(s.nextFireAt())).orElseThrow(() ->
                    new ServiceException.InvalidInput(ServiceException.Field.NEXT_OCCURRENCE,
                            "has no occurrence after the next one; delete it instead"));
            return s.withState(ScheduleState.ACTIVE, s.fireTimeOf(after), by, now);
        });
    }

    /** Read, change, write with the version fence; re-read when a fire or another edit came between. */
    private Schedule edit(Caller caller, String action, ScheduleKind kind, ScheduleId id, UnaryOperator<Schedule> change) {
        Access.requireChange(caller);
        for (int i = 0; i < MAX_EDIT_TRIES; i++) {
            Schedule current = get(caller, kind, null, id);
            Schedule changed = change.apply(current);
            if (store.updateSchedule(changed)) {
                Schedule stored = store.findSchedule(id).orElseThrow(ScheduleService::notFound);
                changes.saved(stored);
                audit.record(caller, action, id.value(), null);
                return stored;
            }
        }
        throw new ServiceException.Conflict("schedule " + id + " kept changing while it was being edited; try again");
    }

    public void delete(Caller caller, ScheduleKind kind, String agentId, ScheduleId id) {
        Access.requireChange(caller);
        Schedule schedule = get(caller, kind, agentId, id);
        if (!store.deleteSchedule(schedule.id(), clock.instant())) {
            throw notFound();
        }
        changes.removed(schedule.id());
        audit.record(caller, "schedule.delete", id.value(), null);
    }

    /**
     * The runs of a scheduled message, newest first. A one-time message that has fired keeps its history;
     * a deleted one does not show it.
     */
    public Page<Run> history(Caller caller, String agentId, ScheduleId id, int offset, int limit) {
        store.findSchedule(id)
                .filter(s -> caller.sees(s.owner()) && s.agentId().equals(agentId) && s.state() != ScheduleState.DELETED)
                .orElseThrow(ScheduleService::notFound);
        List<Run> rows = store.listRuns(id, offset, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }
}
