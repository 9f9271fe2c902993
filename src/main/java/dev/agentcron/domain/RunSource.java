package dev.agentcron.domain;

import java.util.Locale;

/** What made a run. */
public enum RunSource {
    /** An occurrence of its schedule's trigger. */
    SCHEDULE,
    /** "Run now" on a schedule; its cadence is unchanged. */
    MANUAL,
    /** Started directly through the runs API, without a schedule. */
    API;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunSource fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
