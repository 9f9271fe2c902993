package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.LastRun;
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
import java.util.function.Function;
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
        Instant first = firstFire(request.kind(), request.trigger(), now);
        checkCallback(request.callbackUrl());
        Schedule draft = new Schedule(new ScheduleId(ids.next(idPrefix)), owner, request.kind(), request.agentId(),
                request.name(), request.trigger(), request.payload(), request.callbackUrl(), request.policies(),
                request.enabled() ? ScheduleState.ACTIVE : ScheduleState.PAUSED, null, 1, LastRun.NONE, Audit.created(owner, now));
        Schedule schedule = withState(draft, draft.state(), request.enabled() ? draft.fireTimeOf(first) : null, owner, now);
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

    private static Instant firstFire(ScheduleKind kind, Trigger trigger, Instant now) {
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
                    kind == ScheduleKind.LETTA_MESSAGE ? "schedule.cron_expression" : "cron_schedule",
                    "\"" + cron.expression() + "\" never matches a future time"));
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

    /**
     * A visible schedule of {@code owner} and {@code kind} (any kind when null; and, when given, for
     * {@code agentId}); anything else is not found, so ids of other principals do not leak. The other
     * operations take {@code kind} the same way.
     */
    public Schedule get(Principal owner, ScheduleKind kind, String agentId, ScheduleId id) {
        return store.findSchedule(id)
                .filter(s -> s.owner().equals(owner) && (kind == null || s.kind() == kind) && s.isVisible())
                .filter(s -> agentId == null || s.agentId().equals(agentId))
                .orElseThrow(() -> notFound(kind));
    }

    private static ServiceException.NotFound notFound(ScheduleKind kind) {
        return new ServiceException.NotFound(kind == ScheduleKind.LETTA_MESSAGE ? "Scheduled message not found" : "Schedule not found");
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
        Instant next = firstFire(kind, edit.trigger(), now);
        return edit(owner, kind, id, current -> {
            ObjectNode payload = edit.payload().deepCopy();
            if (edit.keepAgentConfig() && current.payload().has("agent_config")) {
                payload.set("agent_config", current.payload().get("agent_config"));
            }
            Policies policies = edit.policies() != null ? edit.policies().apply(current.policies()) : current.policies();
            Schedule edited = new Schedule(current.id(), current.owner(), current.kind(), current.agentId(), edit.name(),
                    edit.trigger(), payload, current.callbackUrl(), policies,
                    edit.enabled() ? ScheduleState.ACTIVE : ScheduleState.PAUSED, null,
                    current.version(), edit.enabled() ? current.lastRun().resumed() : current.lastRun(), current.audit().updated(owner, now));
            return withState(edited, edited.state(), edit.enabled() ? edited.fireTimeOf(next) : null, owner, now);
        });
    }

    /** Stops firing until resumed. Pausing a paused schedule changes nothing but its update time. */
    public Schedule pause(Principal owner, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        return edit(owner, kind, id, s -> withState(s, ScheduleState.PAUSED, null, owner, now));
    }

    /**
     * Fires again from now on: occurrences that fell while paused are not caught up. Resuming an active
     * schedule keeps its next fire.
     */
    public Schedule resume(Principal owner, ScheduleKind kind, ScheduleId id) {
        Instant now = clock.instant();
        return edit(owner, kind, id, s -> {
            if (s.state() == ScheduleState.ACTIVE) {
                return withState(s, ScheduleState.ACTIVE, s.nextFireAt(), owner, now);
            }
            Schedule resumed = new Schedule(s.id(), s.owner(), s.kind(), s.agentId(), s.name(), s.trigger(), s.payload(),
                    s.callbackUrl(), s.policies(), ScheduleState.ACTIVE, null, s.version(), s.lastRun().resumed(), s.audit());
            return withState(resumed, ScheduleState.ACTIVE, s.fireTimeOf(firstFire(kind, s.trigger(), now)), owner, now);
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
                throw new ServiceException.InvalidInput("state", "only an active schedule has a next occurrence to skip");
            }
            Instant after = s.trigger().nextAfter(s.nominalOf(s.nextFireAt())).orElseThrow(() ->
                    new ServiceException.InvalidInput("schedule", "has no occurrence after the next one; delete it instead"));
            return withState(s, ScheduleState.ACTIVE, s.fireTimeOf(after), owner, now);
        });
    }

    private static Schedule withState(Schedule s, ScheduleState state, Instant next, Principal by, Instant now) {
        return new Schedule(s.id(), s.owner(), s.kind(), s.agentId(), s.name(), s.trigger(), s.payload(), s.callbackUrl(),
                s.policies(), state, next, s.version(), s.lastRun(), s.audit().updated(by, now));
    }

    /** Read, change, write with the version fence; re-read when a fire or another edit came between. */
    private Schedule edit(Principal owner, ScheduleKind kind, ScheduleId id, UnaryOperator<Schedule> change) {
        for (int i = 0; i < MAX_EDIT_TRIES; i++) {
            Schedule current = get(owner, kind, null, id);
            Schedule changed = change.apply(current);
            if (store.updateSchedule(changed)) {
                Schedule stored = store.findSchedule(id).orElseThrow(() -> notFound(kind));
                changes.saved(stored);
                return stored;
            }
        }
        throw new ServiceException.Conflict("schedule " + id + " kept changing while it was being edited; try again");
    }

    public void delete(Principal owner, ScheduleKind kind, String agentId, ScheduleId id) {
        Schedule schedule = get(owner, kind, agentId, id);
        if (!store.deleteSchedule(schedule.id(), clock.instant())) {
            throw notFound(kind);
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
                .orElseThrow(() -> notFound(ScheduleKind.LETTA_MESSAGE));
        List<Run> rows = store.listRuns(id, offset, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }
}
