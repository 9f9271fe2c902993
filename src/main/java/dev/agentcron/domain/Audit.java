package dev.agentcron.domain;

import java.time.Instant;
import java.util.Objects;

/** Who created and last changed a schedule, and when. */
public record Audit(String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {

    public Audit {
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Audit created(Principal by, Instant at) {
        return new Audit(by.id(), at, by.id(), at);
    }

    public Audit updated(Principal by, Instant at) {
        return new Audit(createdBy, createdAt, by.id(), at);
    }
}
