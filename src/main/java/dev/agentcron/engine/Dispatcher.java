package dev.agentcron.engine;

import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunDispatch;
import dev.agentcron.domain.RunPolicy;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.runner.Delivery;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.runner.Runner;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers runs after they are written. Runs that share a lane (one Letta agent; one schedule whose overlap
 * policy is not {@code allow}) are delivered one at a time in order, and a run holds its lane through its
 * retries. Retryable failures wait with {@link Backoff} on the engine's timers, never by sleeping a thread.
 */
public final class Dispatcher implements RunDispatch {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * @param maxAttempts attempts per run, waiting {@code backoff} between them
     * @param maxConcurrent deliveries in flight at once across all lanes; more wait for a slot
     */
    public record Settings(int maxAttempts, Backoff backoff, int maxConcurrent) {}

    private record Job(Run run, int attemptsMade) {
        Job nextAttempt() {
            return new Job(run, attemptsMade + 1);
        }
    }

    private final Settings settings;
    private final Store store;
    private final Runner runner;
    private final Finisher finisher;
    private final Executor executor;
    private final Timers timers;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final EngineMetrics metrics;
    private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
    private final Map<RunId, Thread> delivering = new ConcurrentHashMap<>();
    private final Set<RunId> cancelled = ConcurrentHashMap.newKeySet();
    /** Runs queued or in flight here, so a run recovered twice (a bucket lost and taken back) is delivered once. */
    private final Set<RunId> known = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;

    public Dispatcher(Settings settings, Store store, Runner runner, Finisher finisher, Executor executor, Timers timers,
            InstantSource clock, RandomGenerator random, EngineMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.runner = runner;
        this.finisher = finisher;
        this.executor = executor;
        this.timers = timers;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    /** Queues a run behind earlier runs of its lane; {@code run.attempt()} attempts were made before. */
    @Override
    public void submit(Run run) {
        if (!known.add(run.id())) {
            return;
        }
        Job job = new Job(run, run.attempt());
        boolean startNow;
        synchronized (lanes) {
            ArrayDeque<Job> waiting = lanes.get(run.lane());
            startNow = waiting == null;
            if (startNow) {
                lanes.put(run.lane(), new ArrayDeque<>());
            } else {
                waiting.add(job);
            }
        }
        if (startNow) {
            executor.execute(() -> run(job));
        }
    }

    /**
     * Stops delivering a run the store has already marked cancelled: a run waiting its turn or its retry is
     * dropped when it comes up; a delivery in flight is interrupted (a command runner kills its process).
     */
    @Override
    public void cancel(RunId id) {
        cancelled.add(id);
        Thread thread = delivering.get(id);
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Lanes with a delivery in flight or waiting. For graceful shutdown and tests. */
    int lanesBusy() {
        synchronized (lanes) {
            return lanes.size();
        }
    }

    /**
     * Makes one attempt inside a concurrency slot. The slot is released before the lane moves on, so an
     * executor that runs tasks inline (tests) never nests slots.
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
            boolean dropped = cancelled.remove(job.run().id()); // cancelled while it waited its turn
            if (dropped) {
                metrics.finished(RunState.CANCELLED);
            }
            laneFree = dropped || attempt(job);
        } finally {
            slots.release();
        }
        if (laneFree) {
            known.remove(job.run().id());
            next(job.run().lane());
        }
    }

    /** Returns true when the run has ended and its lane may take the next run. */
    private boolean attempt(Job job) {
        Run run = job.run();
        int attempt = job.attemptsMade() + 1;
        Instant startedAt = clock.instant();
        DeliveryOutcome outcome;
        delivering.put(run.id(), Thread.currentThread());
        try {
            // A Letta message's first attempt is not written before the call: the call is short, and the
            // durable write would sit on the path from due instant to agent. If the process dies during it,
            // the run is still PENDING and is delivered again as attempt 1, with the same run id. An agent
            // run is long, and "running since" is what its users watch, so it is written first.
            boolean quiet = attempt == 1 && run.state() == RunState.PENDING && run.kind() == ScheduleKind.LETTA_MESSAGE;
            if (!quiet && !store.startAttempt(run.id(), attempt, startedAt)) {
                return true; // finished meanwhile: cancelled through the API
            }
            outcome = runner.deliver(Delivery.of(run, attempt));
        } catch (RuntimeException e) {
            // A store outage or a runner bug: the run stays unfinished in the store, so try again later.
            log.warn("run {} attempt {} could not be made: {}", run.id(), attempt, e.toString());
            outcome = new DeliveryOutcome.Retryable("internal error: " + e, null);
        } finally {
            delivering.remove(run.id());
            Thread.interrupted(); // a cancel that came after the runner returned must not leak into the next job
        }
        metrics.delivery(outcome);
        return switch (outcome) {
            case DeliveryOutcome.Delivered d -> finish(job, end(run, RunState.SUCCEEDED, attempt, startedAt, d.response(), d.note()));
            case DeliveryOutcome.Failed f -> finish(job, end(run, RunState.FAILED, attempt, startedAt, f.response(), f.reason()));
            case DeliveryOutcome.Rejected r -> finish(job, end(run, RunState.ERROR, attempt, startedAt, r.response(), r.reason()));
            case DeliveryOutcome.Retryable r -> retryOrGiveUp(job, attempt, startedAt, r);
        };
    }

    private static Store.RunEnd end(Run run, RunState state, int attempt, Instant startedAt, String response, String error) {
        boolean tracksRuns = run.kind() == ScheduleKind.AGENT_RUN || run.policy().autoPauseAfter() != null;
        return new Store.RunEnd(run.id(), run.scheduleId(), attempt, response,
                new RunOutcome(state, startedAt, error, run.policy().autoPauseAfter(), tracksRuns));
    }

    private boolean retryOrGiveUp(Job job, int attempt, Instant startedAt, DeliveryOutcome.Retryable outcome) {
        Run run = job.run();
        RunPolicy.Retry retry = run.policy().retry();
        int maxAttempts = retry != null ? retry.maxAttempts() : settings.maxAttempts();
        Backoff backoff = retry != null && retry.backoff() != null
                ? new Backoff(retry.backoff(), settings.backoff().max().compareTo(retry.backoff()) < 0 ? retry.backoff() : settings.backoff().max())
                : settings.backoff();
        if (attempt >= maxAttempts || cancelled.remove(run.id())) {
            return finish(job, end(run, RunState.ERROR, attempt, startedAt, null,
                    "gave up after " + attempt + " attempts; last: " + outcome.reason()));
        }
        Duration wait = backoff.delay(attempt, random);
        if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
            wait = outcome.retryAfter().compareTo(backoff.max()) > 0 ? backoff.max() : outcome.retryAfter();
        }
        try {
            if (attempt == 1 && run.kind() == ScheduleKind.LETTA_MESSAGE) {
                store.startAttempt(run.id(), attempt, startedAt);
            }
            store.noteRetry(run.id(), outcome.reason(), clock.instant());
        } catch (RuntimeException e) {
            log.warn("run {}: cannot note retry: {}", run.id(), e.toString());
        }
        Job next = job.nextAttempt();
        timers.schedule(clock.instant().plus(wait), () -> executor.execute(() -> run(next)));
        return false;
    }

    private boolean finish(Job job, Store.RunEnd end) {
        finisher.finish(job.run(), end);
        cancelled.remove(job.run().id());
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
