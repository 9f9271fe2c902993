package dev.agentcron.engine;

import java.time.Instant;

/** Runs an action at an instant of the engine's clock. */
interface Timers {
    void schedule(Instant at, Runnable action);
}
