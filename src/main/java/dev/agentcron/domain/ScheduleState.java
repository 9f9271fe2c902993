package dev.agentcron.domain;

/**
 * Lifecycle of a schedule row. Only {@code ACTIVE} schedules fire. A one-time schedule becomes {@code DONE}
 * in the transaction that records its run; a deleted schedule is kept as {@code DELETED} so that runs in
 * flight can still be delivered and their history read.
 */
public enum ScheduleState {
    ACTIVE,
    PAUSED,
    DONE,
    DELETED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ScheduleState fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
