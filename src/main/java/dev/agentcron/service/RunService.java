package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunDispatch;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The use cases on runs: start one now, read, list, cancel. */
public final class RunService {

    private final Store store;
    private final ScheduleService schedules;
    private final RunDispatch dispatch;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final AuditLog audit;
    private final Consumer<CallbackRecord> sendCallback;

    public RunService(Store store, ScheduleService schedules, RunDispatch dispatch, IdGenerator ids, InstantSource clock, AuditLog audit,
            Consumer<CallbackRecord> sendCallback) {
        this.sendCallback = sendCallback;
        this.store = store;
        this.schedules = schedules;
        this.dispatch = dispatch;
        this.ids = ids;
        this.clock = clock;
        this.audit = audit;
    }

    /** Runs a schedule now, as its next occurrence would; its cadence is unchanged. */
    public Run runNow(Caller caller, ScheduleKind kind, ScheduleId id) {
        Access.requireChange(caller);
        Schedule schedule = schedules.get(caller, kind, null, id);
        Access.requireAgent(caller, schedule.agentId());
        Run run = started(Run.manual(schedule, new RunId(ids.next("run-")), clock.instant()));
        audit.record(caller, "schedule.run", id.value(), run.id().value());
        return run;
    }

    /** Starts an agent run without a schedule; {@code input} is its prompt and {@code agent_config}. */
    public Run start(Caller caller, ObjectNode input) {
        Access.requireChange(caller);
        if (input.path("agent_config").path("name").isTextual()) {
            Access.requireAgent(caller, input.get("agent_config").get("name").asText());
        }
        return started(Run.adHoc(caller.principal(), new RunId(ids.next("run-")), JsonDocument.of(input), clock.instant()));
    }

    private Run started(Run run) {
        store.insertRun(run);
        dispatch.submit(run);
        return run;
    }

    public Run get(Caller caller, RunId id) {
        return store.findRun(id)
                .filter(run -> caller.sees(run.owner()))
                .orElseThrow(() -> new ServiceException.NotFound(ServiceException.Subject.RUN));
    }

    /** One page of {@code query}'s runs, newest first. */
    public Page<Run> list(RunFilter filter) {
        List<Run> rows = store.queryRuns(filter.withLimit(filter.limit() + 1));
        boolean more = rows.size() > filter.limit();
        return new Page<>(more ? rows.subList(0, filter.limit()) : rows, more);
    }

    /** How the caller's runs of the last {@code window} ended, and how late the scheduled ones started. */
    public RunSummary summary(Caller caller, Duration window) {
        return store.summarizeRuns(caller.owners(), clock.instant().minus(window));
    }

    /** The states of the last {@code perSchedule} runs of each schedule the caller has already been shown, newest first. */
    public Map<ScheduleId, List<RunState>> recentStates(List<Schedule> shown, int perSchedule) {
        return store.recentRunStates(shown.stream().map(Schedule::id).toList(), perSchedule);
    }

    /**
     * Sends a finished run's callback again, once the receiver is fixed, say: with a fresh attempt budget, from
     * this node. Callbacks are at-least-once; the receiver tells a repeat by its {@code webhook-id}.
     */
    public Run resendCallback(Caller caller, RunId id) {
        Access.requireChange(caller);
        Run run = get(caller, id);
        if (run.callback() == null) {
            throw new ServiceException.InvalidInput(ServiceException.Field.RUN_ID, "run " + id + " has no callback");
        }
        CallbackRecord queued = store.requeueCallback(id, clock.instant())
                .orElseThrow(() -> new ServiceException.Conflict("the callback of run " + id + " is already waiting to be sent"));
        audit.record(caller, "run.callback.resend", id.value(), null);
        sendCallback.accept(queued);
        return get(caller, id);
    }

    /** Cancels a run that has not finished; a delivery in flight is stopped (a command is killed). */
    public Run cancel(Caller caller, RunId id) {
        Access.requireChange(caller);
        Run run = get(caller, id);
        if (run.state().isFinished()) {
            throw new ServiceException.InvalidInput(ServiceException.Field.RUN_ID, "run " + id + " has already finished (" + run.state().wire() + ")");
        }
        if (!store.cancelRun(id, "cancelled by " + caller.principal().id(), clock.instant())) {
            Run now = get(caller, id);
            throw new ServiceException.InvalidInput(ServiceException.Field.RUN_ID, "run " + id + " has already finished (" + now.state().wire() + ")");
        }
        dispatch.cancel(id);
        return get(caller, id);
    }
}
