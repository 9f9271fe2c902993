package dev.agentcron.domain;

import java.util.Objects;

/**
 * Who owns schedules and runs: a user, or a team ({@code team:<name>}). Another principal's schedule is a
 * 404, never a 403, so ids do not leak across tenants.
 */
public record Principal(String id) {

    private static final String TEAM = "team:";

    public static Principal team(String name) {
        return new Principal(TEAM + name);
    }

    public boolean isTeam() {
        return id.startsWith(TEAM);
    }

    /** The user's or the team's name, without the {@code team:} mark. */
    public String name() {
        return isTeam() ? id.substring(TEAM.length()) : id;
    }

    public Principal {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("principal id must not be blank");
        }
    }
}
