package dev.agentcron.domain;

import java.util.Objects;

/** The id of one run (one occurrence of a schedule). Every delivery carries it as an idempotency key. */
public record RunId(String value) {
    public RunId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
