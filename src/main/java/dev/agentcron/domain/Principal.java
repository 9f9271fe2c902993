package dev.agentcron.domain;

import java.util.Objects;

/**
 * Who is calling: the owner of the schedules an API key may see. Another principal's schedule is a 404,
 * never a 403, so ids do not leak across tenants.
 */
public record Principal(String id) {
    public Principal {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("principal id must not be blank");
        }
    }
}
