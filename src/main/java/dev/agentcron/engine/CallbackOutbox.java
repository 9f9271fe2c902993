package dev.agentcron.engine;

import dev.agentcron.callback.CallbackSender;
import dev.agentcron.store.CallbackAttempt;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends callbacks from the outbox table: each is written in the transaction that finishes its run, sent
 * after commit, retried with backoff on a connect error, timeout, 408, 409, 429 or 5xx, and its state
 * recorded after every attempt so the run's history shows it.
 */
public final class CallbackOutbox {

    private static final Logger log = LoggerFactory.getLogger(CallbackOutbox.class);

    public record Settings(int maxAttempts, Backoff backoff) {}

    private final Settings settings;
    private final Store store;
    private final CallbackSender sender;
    private final Executor executor;
    private final Timers timers;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final EngineMetrics metrics;

    public CallbackOutbox(Settings settings, Store store, CallbackSender sender, Executor executor, Timers timers,
            InstantSource clock, RandomGenerator random, EngineMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.sender = sender;
        this.executor = executor;
        this.timers = timers;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
    }

    /** Sends {@code callback} at its {@code nextAttemptAt}: a run's first, a retry, or one put back to send again. */
    public void enqueue(CallbackRecord callback) {
        Instant at = callback.nextAttemptAt() == null ? clock.instant() : callback.nextAttemptAt();
        timers.schedule(at, () -> executor.execute(() -> send(callback)));
    }

    private void send(CallbackRecord callback) {
        Instant now = clock.instant();
        CallbackSender.Result result = sender.send(callback, now);
        int attempts = callback.attempts() + 1;
        CallbackAttempt recorded;
        CallbackRecord retry = null;
        if (result.delivered()) {
            recorded = new CallbackAttempt(callback.id(), "delivered", attempts, result.statusCode(), null, null, now);
        } else if (result.retryable() && attempts < settings.maxAttempts()) {
            Instant next = now.plus(settings.backoff().delay(attempts, random));
            recorded = new CallbackAttempt(callback.id(), "pending", attempts, result.statusCode(), result.error(), next, null);
            retry = new CallbackRecord(callback.id(), callback.runId(), callback.url(), callback.body(), attempts, next);
        } else {
            recorded = new CallbackAttempt(callback.id(), "failed", attempts, result.statusCode(), result.error(), null, null);
            log.warn("callback {} for run {} failed for good: {}", callback.id(), callback.runId(), result.error());
        }
        metrics.callback(recorded.state());
        try {
            store.recordCallbackAttempt(recorded);
        } catch (RuntimeException e) {
            log.warn("callback {}: cannot record attempt: {}", callback.id(), e.toString());
        }
        if (retry != null) {
            enqueue(retry);
        }
    }
}
