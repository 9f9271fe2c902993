package dev.agentcron.engine;

import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.runner.Delivery;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.runner.Runner;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers runs after their fire has committed. Deliveries to one agent are serialised in lanes (a stateful
 * agent answering two messages at once gives undefined results), and a run holds its lane through its
 * retries so messages arrive in due order. Retryable failures wait with {@link Backoff} on the engine's
 * timers, never by sleeping a thread.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * @param maxAttempts attempts per run, waiting {@code backoff} between them
     * @param maxConcurrent deliveries in flight at once across all agents; more wait for a slot
     */
    record Settings(int maxAttempts, Backoff backoff, int maxConcurrent) {}

    private record Job(Run run, Schedule schedule, int attemptsMade) {
        Job nextAttempt() {
            return new Job(run, schedule, attemptsMade + 1);
        }
    }

    private final Settings settings;
    private final Store store;
    private final Runner runner;
    private final CallbackBodies callbackBodies;
    private final CallbackOutbox callbacks;
    private final Executor executor;
    private final Timers timers;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private final EngineMetrics metrics;
    private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
    private final Semaphore slots;

    Dispatcher(Settings settings, Store store, Runner runner, CallbackBodies callbackBodies, CallbackOutbox callbacks,
            Executor executor, Timers timers, InstantSource clock, IdGenerator ids, RandomGenerator random,
            EngineMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.runner = runner;
        this.callbackBodies = callbackBodies;
        this.callbacks = callbacks;
        this.executor = executor;
        this.timers = timers;
        this.clock = clock;
        this.ids = ids;
        this.random = random;
        this.metrics = metrics;
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    /** Queues a run behind earlier runs for the same agent; {@code run.attempt()} attempts were made before. */
    void submit(Run run, Schedule schedule) {
        Job job = new Job(run, schedule, run.attempt());
        String lane = schedule.agentId();
        boolean startNow;
        synchronized (lanes) {
            ArrayDeque<Job> waiting = lanes.get(lane);
            startNow = waiting == null;
            if (startNow) {
                lanes.put(lane, new ArrayDeque<>());
            } else {
                waiting.add(job);
            }
        }
        if (startNow) {
            executor.execute(() -> run(job));
        }
    }

    /** Runs in flight or waiting in a lane. */
    int lanesBusy() {
        synchronized (lanes) {
            return lanes.size();
        }
    }

    /**
     * Makes one attempt inside a concurrency slot. The slot is released before the agent's lane moves on,
     * so an executor that runs tasks inline (tests) never nests slots.
     */
    private void run(Job job) {
        boolean laneFree;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the run stays unfinished and is redelivered on the next start
        }
        try {
            laneFree = attempt(job);
        } finally {
            slots.release();
        }
        if (laneFree) {
            next(job.schedule().agentId());
        }
    }

    /** Returns true when the run has ended and its agent's lane may take the next run. */
    private boolean attempt(Job job) {
        int attempt = job.attemptsMade() + 1;
        Instant startedAt = clock.instant();
        DeliveryOutcome outcome;
        try {
            // The first attempt of a fresh run is not written before the call: it saves a durable write on
            // the path from due instant to agent. If the process dies during it, the run is still PENDING
            // with no attempt made and is delivered again as attempt 1, with the same run id.
            if (attempt > 1 || job.run().state() != RunState.PENDING) {
                store.startAttempt(job.run().id(), attempt, startedAt);
            }
            outcome = runner.deliver(new Delivery(job.run().id(), job.schedule(), job.run().dueAt(), attempt));
        } catch (RuntimeException e) {
            // A store outage or a runner bug: the run stays unfinished in the store, so try again later.
            log.warn("run {} attempt {} could not be made: {}", job.run().id(), attempt, e.toString());
            outcome = new DeliveryOutcome.Retryable("internal error: " + e, null);
        }
        metrics.delivery(outcome);
        return switch (outcome) {
            case DeliveryOutcome.Delivered d -> finish(job, new Store.RunEnd(job.run().id(), RunState.SUCCEEDED, attempt, startedAt, d.response(), null));
            case DeliveryOutcome.Failed f -> finish(job, new Store.RunEnd(job.run().id(), RunState.FAILED, attempt, startedAt, f.response(), f.reason()));
            case DeliveryOutcome.Retryable r -> retryOrGiveUp(job, attempt, startedAt, r);
        };
    }

    private boolean retryOrGiveUp(Job job, int attempt, Instant startedAt, DeliveryOutcome.Retryable outcome) {
        if (attempt >= settings.maxAttempts()) {
            return finish(job, new Store.RunEnd(job.run().id(), RunState.FAILED, attempt, startedAt, null,
                    "gave up after " + attempt + " attempts; last: " + outcome.reason()));
        }
        Duration wait = settings.backoff().delay(attempt, random);
        if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
            wait = outcome.retryAfter().compareTo(settings.backoff().max()) > 0 ? settings.backoff().max() : outcome.retryAfter();
        }
        try {
            if (attempt == 1) {
                store.startAttempt(job.run().id(), attempt, startedAt);
            }
            store.noteRetry(job.run().id(), outcome.reason());
        } catch (RuntimeException e) {
            log.warn("run {}: cannot note retry: {}", job.run().id(), e.toString());
        }
        Job next = job.nextAttempt();
        timers.schedule(clock.instant().plus(wait), () -> executor.execute(() -> run(next)));
        return false;
    }

    private boolean finish(Job job, Store.RunEnd end) {
        Instant now = clock.instant();
        Schedule schedule = job.schedule();
        CallbackRecord callback = null;
        if (schedule.callbackUrl() != null) {
            String body = callbackBodies.build(new CallbackBodies.Outcome(
                    end.id(), schedule, job.run().dueAt(), end.attempt(), end.state(), end.response(), end.error()), now);
            callback = new CallbackRecord(ids.next("cb-"), end.id(), schedule.callbackUrl(), body, 0, now);
        }
        try {
            if (store.finishRun(end, now, callback) && callback != null) {
                callbacks.enqueue(callback);
            }
        } catch (RuntimeException e) {
            // Not recorded: the run stays unfinished and is delivered again (same run id) after a restart.
            log.error("run {}: cannot record its end ({}): {}", end.id(), end.state(), e.toString());
        }
        metrics.finished(end.state());
        return true;
    }

    private void next(String lane) {
        Job following;
        synchronized (lanes) {
            ArrayDeque<Job> waiting = lanes.get(lane);
            following = waiting == null ? null : waiting.poll();
            if (following == null) {
                lanes.remove(lane);
            }
        }
        if (following != null) {
            Job job = following;
            executor.execute(() -> run(job));
        }
    }
}
