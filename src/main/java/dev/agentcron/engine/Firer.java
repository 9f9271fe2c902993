package dev.agentcron.engine;

import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires what the clock says is due: takes one group from the {@link DueQueue} (running the timed tasks in
 * it), plans each occurrence ({@link FirePlan}), records the group in one transaction, hands the runs written
 * to the {@link Dispatcher} and queues each schedule's next occurrence when it falls inside the window.
 */
public final class Firer {

    private static final Logger log = LoggerFactory.getLogger(Firer.class);

    /**
     * @param batch most occurrences recorded per transaction (group commit)
     * @param catchUpWindow how late an occurrence may still be delivered after downtime, unless its schedule says
     */
    public record Settings(int batch, Duration catchUpWindow) {}

    private final Settings settings;
    private final Store store;
    private final DueQueue queue;
    private final Dispatcher dispatcher;
    private final IdGenerator ids;
    private final EngineMetrics metrics;

    public Firer(Settings settings, Store store, DueQueue queue, Dispatcher dispatcher, IdGenerator ids, EngineMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.ids = ids;
        this.metrics = metrics;
    }

    /** What one step fired. */
    enum Result { IDLE, FIRED, MORE_DUE, FAILED }

    /**
     * Fires one group due at {@code now}; occurrences whose next fire is before {@code horizon} go back on the
     * queue.
     */
    Result fireDue(Instant now, Instant horizon, Claim claim) {
        List<DueQueue.Item> items = queue.pollDue(now, settings.batch());
        List<Schedule> due = new ArrayList<>();
        for (DueQueue.Item item : items) {
            switch (item) {
                case DueQueue.Occurrence o -> due.add(o.schedule());
                case DueQueue.Task t -> t.action().run();
            }
        }
        boolean more = items.size() == settings.batch();
        if (due.isEmpty()) {
            return more ? Result.MORE_DUE : Result.IDLE;
        }
        List<Store.Fired> fired;
        try {
            fired = store.recordFires(plan(due, now), claim);
        } catch (RuntimeException e) {
            // Nothing was written: the schedules still hold these occurrences and the next load retries them.
            log.error("cannot record {} fires; retrying on the next load: {}", due.size(), e.toString());
            return Result.FAILED;
        }
        for (Store.Fired f : fired) {
            for (Run run : f.runs()) {
                metrics.fired(run);
                if (!run.state().isFinished()) {
                    dispatcher.submit(run);
                } else {
                    log.warn("schedule {}: occurrence {} not delivered: {} (run {})", run.scheduleId(), run.dueAt(), run.error(), run.id());
                }
            }
            Instant next = f.schedule().nextFireAt();
            if (next != null && !next.isAfter(horizon)) {
                queue.offer(f.schedule());
            }
        }
        return more ? Result.MORE_DUE : Result.FIRED;
    }

    private List<Store.Fire> plan(List<Schedule> due, Instant now) {
        // One query for the group, and only for schedules that skip while a run of theirs is unfinished.
        Set<ScheduleId> busy = store.findBusySchedules(due.stream()
                .filter(s -> s.policies().overlap() == OverlapPolicy.SKIP).map(Schedule::id).toList());
        List<Store.Fire> fires = new ArrayList<>(due.size());
        for (Schedule schedule : due) {
            Policies p = schedule.policies();
            Duration window = p.catchUpWindow() != null ? p.catchUpWindow() : settings.catchUpWindow();
            FirePlan plan = FirePlan.plan(schedule.trigger(), schedule.nominalOf(schedule.nextFireAt()), now,
                    new FirePlan.CatchUp(p.catchUp(), window, p.catchUpLimit()));
            List<RunId> runIds = plan.occurrences().stream().map(o -> new RunId(ids.next("run-"))).toList();
            List<Run> runs = plan.runs(schedule, runIds, busy.contains(schedule.id()), now);
            fires.add(new Store.Fire(schedule, schedule.advancedTo(schedule.fireTimeOf(plan.nextFireAt())), runs));
        }
        return fires;
    }
}
