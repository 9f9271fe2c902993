package dev.agentcron.domain;

import java.util.Locale;

/**
 * What a recurring schedule does with occurrences it missed while no node could fire it. One-time schedules
 * fire late within the catch-up window and are recorded as missed beyond it, whatever the policy.
 */
public enum CatchUpPolicy {
    /** Fire once for all missed occurrences inside the catch-up window, then resume. The default. */
    ONCE,
    /** Fire none of them; record the latest as missed and resume. */
    SKIP,
    /** Fire each missed occurrence inside the window, oldest first, up to the schedule's catch-up limit. */
    ALL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CatchUpPolicy fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
