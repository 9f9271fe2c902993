package dev.agentcron.domain;

/**
 * What a recurring schedule does with occurrences it missed while no node was running.
 * One-time schedules always fire late within the catch-up window and are recorded as missed beyond it.
 */
public enum CatchUpPolicy {
    /** Fire once for all missed occurrences inside the catch-up window, then resume. The default. */
    ONCE,
    /** Fire none of them; record the latest as missed and resume. */
    SKIP;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
