package dev.agentcron.engine;

import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the ends of runs in groups: while one transaction commits, the ends that arrive queue up and go
 * into the next, so a burst of answers costs a few commits instead of one each (group commit). With an
 * executor that runs tasks inline, each end is written at once, which keeps tests step by step.
 */
public final class Completions {

    private static final Logger log = LoggerFactory.getLogger(Completions.class);
    private static final int MAX_GROUP = 500;

    /** An end to write, and what to do once it is written. */
    record Item(Store.Finish finish, Consumer<Store.Ended> then) {}

    private final Store store;
    private final Executor executor;
    private final Timers timers;
    private final InstantSource clock;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public Completions(Store store, Executor executor, Timers timers, InstantSource clock) {
        this.store = store;
        this.executor = executor;
        this.timers = timers;
        this.clock = clock;
    }

    void add(Item item) {
        queue.add(item);
        if (flushing.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            List<Item> group = new ArrayList<>(MAX_GROUP);
            for (Item item; group.size() < MAX_GROUP && (item = queue.poll()) != null; ) {
                group.add(item);
            }
            if (!group.isEmpty()) {
                write(group);
            }
        } finally {
            flushing.set(false);
        }
        if (!queue.isEmpty() && flushing.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void write(List<Item> group) {
        List<Store.Ended> finished;
        try {
            finished = store.finishRuns(group.stream().map(Item::finish).toList(), clock.instant());
        } catch (RuntimeException e) {
            // The store is unreachable (a database restart): keep the answers and write them again shortly.
            // Should the process die first, the runs are still unfinished and are delivered again, same ids.
            log.warn("cannot record the end of {} runs, trying again in 1 s: {}", group.size(), e.toString());
            timers.schedule(clock.instant().plus(Duration.ofSeconds(1)), () -> group.forEach(this::add));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).then().accept(finished.get(i));
        }
    }
}
