package dev.agentcron.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** Holds submitted tasks until the test runs them, so a test can look between "submitted" and "done". */
public final class QueuedExecutor implements Executor {

    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    public synchronized int pending() {
        return tasks.size();
    }

    /** Runs queued tasks, and the tasks they queue, until none is left. */
    public void runAll() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    /** Drops every queued task, as a crash would. */
    public synchronized void discardAll() {
        tasks.clear();
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
