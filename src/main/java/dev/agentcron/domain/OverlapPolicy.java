package dev.agentcron.domain;

import java.util.Locale;

/** What an occurrence does when the schedule's previous run is still going. */
public enum OverlapPolicy {
    /** Record the occurrence as a {@code skipped} run with the reason, and do not deliver it. */
    SKIP,
    /** Deliver it after the runs before it, one at a time. */
    QUEUE,
    /** Deliver it at once, beside the runs still going. */
    ALLOW;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverlapPolicy fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
