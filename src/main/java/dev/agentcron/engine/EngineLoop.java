package dev.agentcron.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production driver of {@link Engine#runOnce()}: one platform thread that sleeps exactly until the next
 * due instant and is woken early by writes and new timers. No polling tick: an idle engine wakes only for
 * its periodic load (every half look-ahead).
 */
public final class EngineLoop {

    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    /** After an unexpected error, wait this long before the next step so a persistent fault cannot spin. */
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final Engine engine;
    private final Alarm alarm;
    private final Dispatcher dispatcher;
    private final ExecutorService deliveries;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread thread;

    private final LeaseKeeper keeper;

    /**
     * @param alarm what wakes the loop early
     * @param deliveries the executor the dispatcher delivers on, drained at stop
     * @param keeper the lease keeper in cluster mode, or null when the node runs alone
     */
    public EngineLoop(Engine engine, Alarm alarm, Dispatcher dispatcher, ExecutorService deliveries, LeaseKeeper keeper) {
        this.engine = engine;
        this.alarm = alarm;
        this.dispatcher = dispatcher;
        this.deliveries = deliveries;
        this.keeper = keeper;
    }

    public void start() {
        alarm.onRing(this::wake);
        if (keeper != null) {
            keeper.onChange(this::wake);
        }
        engine.recover();
        running = true;
        thread = Thread.ofPlatform().name("agentcron-engine").start(this::loop);
    }

    /**
     * Stops firing, then gives deliveries in flight up to {@code grace} to finish. A delivery cut off is
     * still unfinished in the store and is delivered again, with its run id, on the next start.
     */
    public void stop(Duration grace) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} agents still had deliveries in flight at shutdown; they will be redelivered on start",
                        dispatcher.lanesBusy());
                deliveries.shutdownNow();
            }
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (keeper != null) {
            keeper.stop(); // only now: another node taking the buckets would deliver what was still in flight again
        }
    }

    private void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            Duration wait;
            try {
                wait = engine.runOnce();
            } catch (RuntimeException e) {
                log.error("engine step failed; retrying in {}", ERROR_PAUSE, e);
                wait = ERROR_PAUSE;
            }
            await(wait);
        }
    }

    private void await(Duration wait) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (running && !wakeRequested && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
