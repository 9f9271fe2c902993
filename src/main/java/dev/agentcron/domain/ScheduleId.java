package dev.agentcron.domain;

import java.util.Objects;

/** The id of a schedule, as clients see it. */
public record ScheduleId(String value) {
    public ScheduleId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
