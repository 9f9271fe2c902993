package dev.agentcron.domain;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as its API key says: the principal it acts as (a user, or a team), the teams that user
 * belongs to (their schedules are its too), its role, and the agents it may message.
 *
 * @param keyId the key's id, for the audit log
 */
public record Caller(String keyId, Principal principal, Set<Principal> teams, Role role, AgentScope agents) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        teams = Set.copyOf(teams);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(agents, "agents");
    }

    /** An admin acting as {@code principal} with no team, for tests. */
    public static Caller admin(Principal principal) {
        return new Caller("test", principal, Set.of(), Role.ADMIN, AgentScope.ANY);
    }

    /** Whoever runs the command line on the server's own machine: an admin with no key. */
    public static Caller operator() {
        return new Caller("command-line", new Principal("operator"), Set.of(), Role.ADMIN, AgentScope.ANY);
    }

    /** Every principal whose schedules and runs this caller sees: itself and its teams. */
    public Set<Principal> owners() {
        Set<Principal> owners = new LinkedHashSet<>();
        owners.add(principal);
        owners.addAll(teams);
        return owners;
    }

    public boolean sees(Principal owner) {
        return principal.equals(owner) || teams.contains(owner);
    }

    /**
     * Who owns what this caller creates: its sole team when it asks for a team schedule or leaves that to the
     * default with exactly one team; itself otherwise.
     *
     * @param team the request's {@code team} flag, or null when it did not say
     * @throws IllegalArgumentException when it asks for a team schedule but has no single team
     */
    public Principal ownerFor(Boolean team) {
        if (Boolean.TRUE.equals(team)) {
            if (teams.size() != 1) {
                throw new IllegalArgumentException(teams.isEmpty() ? "this key belongs to no team"
                        : "this key belongs to " + teams.size() + " teams; a team schedule needs exactly one");
            }
            return teams.iterator().next();
        }
        return team == null && teams.size() == 1 ? teams.iterator().next() : principal;
    }
}
