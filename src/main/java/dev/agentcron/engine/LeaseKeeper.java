package dev.agentcron.engine;

import dev.agentcron.store.Claim;
import dev.agentcron.store.Leases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this node's bucket leases in cluster mode: renews them every {@code renewEvery}, takes a fair share
 * of the buckets as nodes come and go, and calibrates the engine's clock to the database's.
 *
 * <p>The claim it reports is only trusted until {@code ttl - margin} after the tick that produced it began,
 * measured on the monotonic clock: a node that cannot renew (partitioned, or paused past its lease) stops
 * firing on its own before its leases can pass to others. The database fence in every fire transaction
 * covers what this local guard cannot (a pause in the middle of a transaction).
 */
public final class LeaseKeeper implements Ownership {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /** Above this, the node's clock disagrees with the database enough to say so. */
    private static final long SKEW_WARNING_MILLIS = 100;

    /**
     * @param ttl how long a lease lasts without renewal: a dead node's buckets move after at most this
     * @param renewEvery how often leases are renewed and rebalanced; a few times per ttl
     */
    public record Settings(String node, Duration ttl, Duration renewEvery) {
        public Settings {
            if (renewEvery.compareTo(ttl.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("leases must be renewed at least twice per ttl; ttl " + ttl + ", renewEvery " + renewEvery);
            }
        }
    }

    private record Held(Claim claim, long validUntilNanos) {}

    private final Settings settings;
    private final Leases leases;
    private final CalibratedClock clock;
    private final LongSupplier nanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private volatile Held held;
    private volatile boolean running;
    private volatile Runnable onChange = () -> {};
    private Thread thread;

    public LeaseKeeper(Settings settings, Leases leases, CalibratedClock clock, LongSupplier nanos) {
        this.settings = settings;
        this.leases = leases;
        this.clock = clock;
        this.nanos = nanos;
        this.held = new Held(new Claim(settings.node(), Map.of()), Long.MIN_VALUE);
    }

    @Override
    public Claim claim() {
        Held current = held;
        return nanos.getAsLong() - current.validUntilNanos() < 0 ? current.claim() : new Claim(settings.node(), Map.of());
    }

    /** Called after a tick changed what is held, so the engine can load and recover at once. */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** One step: renew, rebalance, calibrate. Returns true when the buckets held changed. */
    public boolean runOnce() {
        long started = nanos.getAsLong();
        Leases.Tick tick = leases.tick(settings.node(), settings.ttl());
        clock.calibrate(tick.databaseNow(), clock.local().instant());
        if (Math.abs(clock.offsetMillis()) > SKEW_WARNING_MILLIS) {
            log.warn("this node's clock is {} ms off the database's; firing follows the database", -clock.offsetMillis());
        }
        Claim before = held.claim();
        Claim after = new Claim(settings.node(), tick.held());
        // Trust the leases a little less long than the database grants them, from when we asked.
        long margin = settings.ttl().dividedBy(10).toNanos();
        held = new Held(after, started + settings.ttl().toNanos() - margin);
        boolean changed = !before.epochs().equals(after.epochs());
        if (changed) {
            log.info("node {} holds {} of the buckets ({} live nodes)", settings.node(), after.buckets().size(), tick.liveNodes());
        }
        return changed;
    }

    public void start() {
        running = true;
        tryRunOnce();
        thread = Thread.ofPlatform().name("agentcron-leases").start(this::loop);
    }

    /** Stops renewing and gives the leases back, so other nodes take the buckets at once. */
    public void stop() {
        lock.lock();
        try {
            running = false;
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(settings.ttl().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        held = new Held(new Claim(settings.node(), Map.of()), Long.MIN_VALUE);
        try {
            leases.release(settings.node());
        } catch (RuntimeException e) {
            log.warn("could not give back the leases of {}; they expire in {}", settings.node(), settings.ttl());
        }
    }

    private void loop() {
        while (running) {
            lock.lock();
            try {
                stopped.awaitNanos(settings.renewEvery().toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (running) {
                tryRunOnce();
            }
        }
    }

    private void tryRunOnce() {
        try {
            if (runOnce()) {
                onChange.run();
            }
        } catch (RuntimeException e) {
            log.warn("cannot renew leases of {} (firing stops when they lapse): {}", settings.node(), e.toString());
        }
    }
}
