package dev.agentcron.domain;

/** Which face created a schedule, and so how its payload is read and delivered. */
public enum ScheduleKind {
    /** A Letta scheduled message: {@code messages} posted to a Letta agent. */
    LETTA_MESSAGE,
    /** An Oz-style scheduled agent: a prompt that spawns an agent run. */
    AGENT_RUN;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ScheduleKind fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
