package dev.agentcron.engine;

import dev.agentcron.store.Claim;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The scheduler as a step function: {@link #runOnce()} follows the claim ({@link Recovery}), applies
 * committed writes ({@link ChangeInbox}), loads what is due soon ({@link Loader}), fires what the clock says
 * is due ({@link Firer}), prunes when idle ({@link Pruner}), and returns how long it may sleep.
 * {@link EngineLoop} calls it in a loop; tests call it directly with a manual clock and an inline executor.
 * The parts are built and wired by the composition root. See {@code package-info.java} for the design.
 */
public final class Engine {

    /** The parts a step runs, in the order it runs them. */
    public record Steps(Recovery recovery, ChangeInbox changes, Loader loader, Firer firer, Pruner pruner) {}

    /** After a fire could not be recorded (the store is down), load again this much later, not at once. */
    private static final Duration RETRY_AFTER_FAILED_FIRE = Duration.ofSeconds(1);

    private final InstantSource clock;
    private final Ownership ownership;
    private final DueQueue queue;
    private final Steps steps;

    public Engine(InstantSource clock, Ownership ownership, DueQueue queue, Steps steps) {
        this.clock = clock;
        this.ownership = ownership;
        this.queue = queue;
        this.steps = steps;
    }

    /**
     * Picks up what a previous holder of this node's buckets left (unfinished runs, pending callbacks). The
     * first {@link #runOnce()} does this by itself; {@link EngineLoop} calls it before the loop starts.
     */
    public void recover() {
        steps.recovery().follow(ownership.claim());
    }

    /** One step. Returns how long nothing is due: the caller may sleep that long unless woken. */
    public Duration runOnce() {
        Instant now = clock.instant();
        Claim claim = ownership.claim();
        if (steps.recovery().follow(claim)) {
            steps.loader().loadNow();
        }
        Instant horizon = steps.loader().horizon(now);
        steps.changes().applyTo(queue, claim, horizon);
        steps.loader().loadIfDue(now, claim);
        switch (steps.firer().fireDue(now, horizon, claim)) {
            case MORE_DUE -> {
                return Duration.ZERO;
            }
            case FAILED -> steps.loader().loadAgainAt(now.plus(RETRY_AFTER_FAILED_FIRE));
            case IDLE, FIRED -> steps.pruner().pruneIfDue(now, claim);
        }
        Instant wakeAt = steps.loader().nextLoadAt();
        Instant queued = queue.nextAt();
        if (queued != null && queued.isBefore(wakeAt)) {
            wakeAt = queued;
        }
        Duration wait = Duration.between(clock.instant(), wakeAt);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
