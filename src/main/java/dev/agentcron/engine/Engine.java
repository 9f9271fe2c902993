package dev.agentcron.engine;

import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.callback.CallbackSender;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunDispatch;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.runner.Runner;
import dev.agentcron.domain.Buckets;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
    private static final int PRUNE_BATCH = 1_000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    /**
     * @param lookahead how far ahead schedules are loaded into memory; also bounds how stale the queue
     *     can be for schedules written by another process
     * @param loadBatch most schedules loaded per query
     * @param fireBatch most occurrences recorded per transaction (group commit)
     * @param catchUpWindow how late an occurrence may still be delivered after downtime
     * @param maxConcurrentDeliveries deliveries in flight at once; bounds sockets and memory in a burst
     * @param retention how long finished runs (and their callbacks) are kept
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
            Backoff callbackBackoff,
            Duration retention) {}

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
    private final Ownership ownership;
    private volatile Runnable wakeUp = () -> {};
    private Instant nextLoadAt = Instant.MIN;
    private Instant nextPruneAt = Instant.MIN;
    /** The last load filled its batch: more is due in the window than was loaded. */
    private boolean windowFull;
    /** The claim the last step worked with; null before the first. Engine thread only. */
    private Claim lastClaim;

    public Engine(Settings settings, Store store, Ownership ownership, Runner runner, CallbackSender callbackSender,
            CallbackBodies callbackBodies, Executor executor, InstantSource clock, IdGenerator ids,
            RandomGenerator random, MeterRegistry registry) {
        this.settings = settings;
        this.store = store;
        this.ownership = ownership;
        this.clock = clock;
        this.ids = ids;
        this.metrics = new EngineMetrics(registry, queue);
        Timers timers = this::schedule;
        this.callbacks = new CallbackOutbox(new CallbackOutbox.Settings(settings.callbackMaxAttempts(), settings.callbackBackoff()),
                store, callbackSender, executor, timers, clock, random);
        this.dispatcher = new Dispatcher(new Dispatcher.Settings(settings.maxAttempts(), settings.retryBackoff(),
                settings.maxConcurrentDeliveries()),
                store, runner, callbackBodies, callbacks, executor, timers, clock, ids, random, metrics);
    }

    /**
     * Picks up what a previous holder of this node's buckets left: runs written but not finished are
     * delivered again, with their run ids; callbacks not yet delivered are sent. The first {@link #runOnce()}
     * does this by itself; later ones do it for buckets taken over from another node.
     */
    public void recover() {
        Claim claim = ownership.claim();
        recover(claim);
        lastClaim = claim;
    }

    private void recover(Claim claim) {
        List<Run> unfinished = store.findUnfinishedRuns(Integer.MAX_VALUE, claim);
        unfinished.forEach(dispatcher::submit);
        List<CallbackRecord> pending = store.findPendingCallbacks(Integer.MAX_VALUE, claim);
        pending.forEach(callbacks::enqueue);
        if (!unfinished.isEmpty() || !pending.isEmpty()) {
            log.info("recovered {} unfinished runs and {} pending callbacks", unfinished.size(), pending.size());
        }
    }

    /** One step. Returns how long nothing is due: the caller may sleep that long unless woken. */
    public Duration runOnce() {
        Instant now = clock.instant();
        Claim claim = ownership.claim();
        if (!claim.equals(lastClaim)) {
            takeOver(claim);
        }
        applyChanges(now, claim);
        boolean runningLow = windowFull && queue.occurrenceCount() < settings.loadBatch() / 4;
        if (!now.isBefore(nextLoadAt) || runningLow) {
            load(now, claim);
        }
        boolean more = fireDue(now, claim);
        if (more) {
            return Duration.ZERO;
        }
        if (!now.isBefore(nextPruneAt)) {
            prune(now, claim);
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
        announce(schedule.id());
    }

    @Override
    public void removed(ScheduleId id) {
        inbox.add(new Change(null, id));
        wakeUp.run();
        announce(id);
    }

    /** Another node may own the schedule: tell them all (a no-op on the embedded store). */
    private void announce(ScheduleId id) {
        String node = ownership.claim().node();
        if (node != null) {
            store.announce(node + " " + id.value());
        }
    }

    /**
     * Hears another node's announcement of a changed schedule and, when this node fires its bucket, takes the
     * schedule's current row onto its timer. Runs on the listener's thread.
     */
    public void heard(String announcement) {
        int space = announcement.indexOf(' ');
        Claim claim = ownership.claim();
        if (space < 0 || announcement.substring(0, space).equals(claim.node())) {
            return; // this node's own change, already applied
        }
        ScheduleId id = new ScheduleId(announcement.substring(space + 1));
        if (!claim.covers(Buckets.of(id.value()))) {
            return;
        }
        store.findSchedule(id).ifPresentOrElse(s -> inbox.add(new Change(s, null)), () -> inbox.add(new Change(null, id)));
        wakeUp.run();
    }

    /** Starts or stops firing buckets as the claim changed: recover the runs of buckets taken over; forget lost ones. */
    private void takeOver(Claim claim) {
        if (lastClaim == null || lastClaim.coversAll() != claim.coversAll()) {
            recover(claim);
        } else if (!claim.coversAll()) {
            Map<Integer, Long> gained = new HashMap<>();
            claim.epochs().forEach((bucket, epoch) -> {
                if (!epoch.equals(lastClaim.epochs().get(bucket))) {
                    gained.put(bucket, epoch);
                }
            });
            Set<Integer> lost = new HashSet<>(lastClaim.buckets());
            lost.removeAll(claim.buckets());
            queue.removeBuckets(lost);
            if (!gained.isEmpty()) {
                recover(new Claim(claim.node(), gained));
            }
        }
        lastClaim = claim;
        nextLoadAt = Instant.MIN;
    }

    @Override
    public void submit(Run run) {
        dispatcher.submit(run);
    }

    @Override
    public void cancel(RunId id) {
        dispatcher.cancel(id);
    }

    /** Agents with a delivery in flight or waiting. For graceful shutdown and tests. */
    int deliveriesInFlight() {
        return dispatcher.lanesBusy();
    }

    private void schedule(Instant at, Runnable action) {
        queue.schedule(at, action);
        wakeUp.run();
    }

    private void applyChanges(Instant now, Claim claim) {
        Instant horizon = now.plus(settings.lookahead());
        for (Change change; (change = inbox.poll()) != null; ) {
            if (change.removed() != null) {
                queue.remove(change.removed());
            } else if (change.saved().state() != dev.agentcron.domain.ScheduleState.ACTIVE || !claim.covers(Buckets.of(change.saved()))) {
                queue.remove(change.saved().id());
            } else if (change.saved().nextFireAt() != null && !change.saved().nextFireAt().isAfter(horizon)) {
                queue.offer(change.saved());
            }
        }
    }

    private void load(Instant now, Claim claim) {
        List<Schedule> due = store.findDue(now.plus(settings.lookahead()), settings.loadBatch(), claim);
        due.forEach(queue::offer);
        // When the window holds more than one batch, load again once most of what was loaded has fired
        // (runOnce watches the queue), rather than re-reading the same rows after every group.
        windowFull = due.size() >= settings.loadBatch();
        nextLoadAt = now.plus(settings.lookahead().dividedBy(2));
    }

    /**
     * Deletes history older than the retention in small batches, only when nothing is due, so pruning never
     * delays a fire or holds a long transaction; a full batch brings the next one forward.
     */
    private void prune(Instant now, Claim claim) {
        try {
            int deleted = store.prune(now.minus(settings.retention()), PRUNE_BATCH, claim);
            nextPruneAt = deleted >= PRUNE_BATCH ? now.plusMillis(100) : now.plus(PRUNE_EVERY);
        } catch (RuntimeException e) {
            log.warn("pruning failed; trying again in {}: {}", PRUNE_EVERY, e.toString());
            nextPruneAt = now.plus(PRUNE_EVERY);
        }
    }

    /** Fires one group of due occurrences; true when more are already due. */
    private boolean fireDue(Instant now, Claim claim) {
        List<DueQueue.Item> items = queue.pollDue(now, settings.fireBatch());
        List<Store.Fire> fires = new ArrayList<>();
        for (DueQueue.Item item : items) {
            switch (item) {
                case DueQueue.Occurrence o -> fires.add(plan(o.schedule(), now));
                case DueQueue.Task t -> t.action().run();
            }
        }
        if (!fires.isEmpty()) {
            record(fires, now, claim);
        }
        return items.size() == settings.fireBatch();
    }

    private Store.Fire plan(Schedule schedule, Instant now) {
        Policies p = schedule.policies();
        Duration window = p.catchUpWindow() != null ? p.catchUpWindow() : settings.catchUpWindow();
        FirePlan plan = FirePlan.plan(schedule.trigger(), schedule.nominalOf(schedule.nextFireAt()), now,
                new FirePlan.CatchUp(p.catchUp(), window, p.catchUpLimit()));
        List<RunId> runIds = plan.occurrences().stream().map(o -> new RunId(ids.next("run-"))).toList();
        return new Store.Fire(schedule, plan, runIds);
    }

    private void record(List<Store.Fire> fires, Instant now, Claim claim) {
        List<Store.Fired> fired;
        try {
            fired = store.recordFires(fires, now, claim);
        } catch (RuntimeException e) {
            // Nothing was written: the schedules still hold these occurrences and the next load retries them.
            log.error("cannot record {} fires; retrying on the next load: {}", fires.size(), e.toString());
            nextLoadAt = now.plusSeconds(1);
            return;
        }
        Instant horizon = now.plus(settings.lookahead());
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
    }
}
