package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunDispatch;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.store.Store;
import java.time.InstantSource;
import java.util.List;

/** The use cases on runs: start one now, read, list, cancel. */
public final class RunService {

    private final Store store;
    private final ScheduleService schedules;
    private final RunDispatch dispatch;
    private final IdGenerator ids;
    private final InstantSource clock;

    public RunService(Store store, ScheduleService schedules, RunDispatch dispatch, IdGenerator ids, InstantSource clock) {
        this.store = store;
        this.schedules = schedules;
        this.dispatch = dispatch;
        this.ids = ids;
        this.clock = clock;
    }

    /** Runs a schedule now, as its next occurrence would; its cadence is unchanged. */
    public Run runNow(Principal owner, ScheduleKind kind, ScheduleId id) {
        Schedule schedule = schedules.get(owner, kind, null, id);
        return started(Run.manual(schedule, new RunId(ids.next("run-")), clock.instant()));
    }

    /** Starts an agent run without a schedule; {@code input} is its prompt and {@code agent_config}. */
    public Run start(Principal owner, ObjectNode input) {
        return started(Run.adHoc(owner, new RunId(ids.next("run-")), JsonDocument.of(input), clock.instant()));
    }

    private Run started(Run run) {
        store.insertRun(run);
        dispatch.submit(run);
        return run;
    }

    public Run get(Principal owner, RunId id) {
        return store.findRun(id)
                .filter(run -> run.owner().equals(owner))
                .orElseThrow(() -> new ServiceException.NotFound(ServiceException.Subject.RUN));
    }

    /** One page of {@code query}'s runs, newest first. */
    public Page<Run> list(RunFilter filter) {
        List<Run> rows = store.queryRuns(filter.withLimit(filter.limit() + 1));
        boolean more = rows.size() > filter.limit();
        return new Page<>(more ? rows.subList(0, filter.limit()) : rows, more);
    }

    /** Cancels a run that has not finished; a delivery in flight is stopped (a command is killed). */
    public Run cancel(Principal owner, RunId id) {
        Run run = get(owner, id);
        if (run.state().isFinished()) {
            throw new ServiceException.InvalidInput(ServiceException.Field.RUN_ID, "run " + id + " has already finished (" + run.state().wire() + ")");
        }
        if (!store.cancelRun(id, "cancelled by " + owner.id(), clock.instant())) {
            Run now = get(owner, id);
            throw new ServiceException.InvalidInput(ServiceException.Field.RUN_ID, "run " + id + " has already finished (" + now.state().wire() + ")");
        }
        dispatch.cancel(id);
        return get(owner, id);
    }
}
