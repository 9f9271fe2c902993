package dev.agentcron.engine;

import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.callback.CallbackSender;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunDispatch;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.runner.Runner;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a step function: {@link #runOnce()} loads what is due soon, fires what the clock says is
 * due, runs due timers, and returns how long it may sleep. {@link EngineLoop} calls it in a loop; tests call
 * it directly with a manual clock and an inline executor. See {@code package-info.java} for the design.
 */
public final class Engine implements ScheduleChanges, RunDispatch {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    /**
     * @param lookahead how far ahead schedules are loaded into memory; also bounds how stale the queue
     *     can be for schedules written by another process
     * @param loadBatch most schedules loaded per query
     * @param fireBatch most occurrences recorded per transaction (group commit)
     * @param catchUpWindow how late an occurrence may still be delivered after downtime
     * @param maxConcurrentDeliveries deliveries in flight at once; bounds sockets and memory in a burst
     */
    public record Settings(
            Duration lookahead,
            int loadBatch,
            int fireBatch,
            Duration catchUpWindow,
            int maxAttempts,
            Backoff retryBackoff,
            int maxConcurrentDeliveries,
            int callbackMaxAttempts,
            Backoff callbackBackoff) {}

    private record Change(Schedule saved, ScheduleId removed) {}

    private final Settings settings;
    private final Store store;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final DueQueue queue = new DueQueue();
    private final ConcurrentLinkedQueue<Change> inbox = new ConcurrentLinkedQueue<>();
    private final Dispatcher dispatcher;
    private final CallbackOutbox callbacks;
    private final EngineMetrics metrics;
    private final Executor executor;
    private volatile Runnable wakeUp = () -> {};
    private Instant nextLoadAt = Instant.MIN;

    public Engine(Settings settings, Store store, Runner runner, CallbackSender callbackSender,
            CallbackBodies callbackBodies, Executor executor, InstantSource clock, IdGenerator ids,
            RandomGenerator random, MeterRegistry registry) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.executor = executor;
        this.metrics = new EngineMetrics(registry, queue);
        Timers timers = this::schedule;
        this.callbacks = new CallbackOutbox(new CallbackOutbox.Settings(settings.callbackMaxAttempts(), settings.callbackBackoff()),
                store, callbackSender, executor, timers, clock, random);
        this.dispatcher = new Dispatcher(new Dispatcher.Settings(settings.maxAttempts(), settings.retryBackoff(),
                settings.maxConcurrentDeliveries()),
                store, runner, callbackBodies, callbacks, executor, timers, clock, ids, random, metrics);
    }

    /**
     * Picks up what a previous process left: runs written but not finished are delivered again, with their
     * run ids; callbacks not yet delivered are sent. Call once, before the first {@link #runOnce()}.
     */
    public void recover() {
        List<Run> unfinished = store.findUnfinishedRuns(Integer.MAX_VALUE);
        unfinished.forEach(dispatcher::submit);
        List<CallbackRecord> pending = store.findPendingCallbacks(Integer.MAX_VALUE);
        pending.forEach(callbacks::enqueue);
        if (!unfinished.isEmpty() || !pending.isEmpty()) {
            log.info("recovered {} unfinished runs and {} pending callbacks", unfinished.size(), pending.size());
        }
    }

    /** One step. Returns how long nothing is due: the caller may sleep that long unless woken. */
    public Duration runOnce() {
        Instant now = clock.instant();
        applyChanges(now);
        if (!now.isBefore(nextLoadAt)) {
            load(now);
        }
        boolean more = fireDue(now);
        if (more) {
            return Duration.ZERO;
        }
        Instant wakeAt = nextLoadAt;
        Instant queued = queue.nextAt();
        if (queued != null && queued.isBefore(wakeAt)) {
            wakeAt = queued;
        }
        Duration wait = Duration.between(clock.instant(), wakeAt);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Called by the loop so that {@link #saved} and timers can cut its sleep short. */
    void onWake(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void saved(Schedule schedule) {
        inbox.add(new Change(schedule, null));
        wakeUp.run();
    }

    @Override
    public void removed(ScheduleId id) {
        inbox.add(new Change(null, id));
        wakeUp.run();
    }

    @Override
    public void submit(Run run) {
        dispatcher.submit(run);
    }

    @Override
    public void cancel(RunId id) {
        dispatcher.cancel(id);
    }

    /** Items waiting on the timer: occurrences and timed tasks. For tests and metrics. */
    int queued() {
        return queue.size();
    }

    /** Agents with a delivery in flight or waiting. For graceful shutdown and tests. */
    int deliveriesInFlight() {
        return dispatcher.lanesBusy();
    }

    private void schedule(Instant at, Runnable action) {
        queue.schedule(at, action);
        wakeUp.run();
    }

    private void applyChanges(Instant now) {
        Instant horizon = now.plus(settings.lookahead());
        for (Change change; (change = inbox.poll()) != null; ) {
            if (change.removed() != null) {
                queue.remove(change.removed());
            } else if (change.saved().state() != dev.agentcron.domain.ScheduleState.ACTIVE) {
                queue.remove(change.saved().id());
            } else if (change.saved().nextFireAt() != null && !change.saved().nextFireAt().isAfter(horizon)) {
                queue.offer(change.saved());
            }
        }
    }

    private void load(Instant now) {
        List<Schedule> due = store.findDue(now.plus(settings.lookahead()), settings.loadBatch());
        due.forEach(queue::offer);
        if (due.size() < settings.loadBatch()) {
            nextLoadAt = now.plus(settings.lookahead().dividedBy(2));
        } else {
            // The window holds more than one batch: load again once the loaded part has been fired.
            Instant last = due.getLast().nextFireAt();
            nextLoadAt = last.isAfter(now) ? last : now;
        }
    }

    /** Fires one group of due occurrences; true when more are already due. */
    private boolean fireDue(Instant now) {
        List<DueQueue.Item> items = queue.pollDue(now, settings.fireBatch());
        List<Store.Fire> fires = new ArrayList<>();
        for (DueQueue.Item item : items) {
            switch (item) {
                case DueQueue.Occurrence o -> fires.add(plan(o.schedule(), now));
                case DueQueue.Task t -> t.action().run();
            }
        }
        if (!fires.isEmpty()) {
            record(fires, now);
        }
        return items.size() == settings.fireBatch();
    }

    private Store.Fire plan(Schedule schedule, Instant now) {
        FirePlan plan = FirePlan.plan(schedule.trigger(), schedule.nextFireAt(), now, schedule.policies().catchUp(),
                settings.catchUpWindow());
        return new Store.Fire(schedule, plan, new RunId(ids.next("run-")));
    }

    private void record(List<Store.Fire> fires, Instant now) {
        List<Store.Fired> fired;
        try {
            fired = store.recordFires(fires, now);
        } catch (RuntimeException e) {
            // Nothing was written: the schedules still hold these occurrences and the next load retries them.
            log.error("cannot record {} fires; retrying on the next load: {}", fires.size(), e.toString());
            nextLoadAt = now.plusSeconds(1);
            return;
        }
        Instant horizon = now.plus(settings.lookahead());
        for (Store.Fired f : fired) {
            Run run = f.run();
            if (run != null) {
                boolean deliver = !run.state().isFinished();
                metrics.fired(run);
                if (deliver) {
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
    }

    Executor executor() {
        return executor;
    }
}
