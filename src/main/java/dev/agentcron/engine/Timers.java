package dev.agentcron.engine;

import java.time.Instant;

/** Runs an action at an instant of the engine's clock ({@link DueQueue} in production). */
public interface Timers {
    void schedule(Instant at, Runnable action);
}
