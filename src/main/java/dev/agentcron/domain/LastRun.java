package dev.agentcron.domain;

import java.time.Instant;

/**
 * What the scheduler last saw of a schedule's runs.
 *
 * @param ranAt when its last successful run started, or null
 * @param spawnError why its last run could not be started, cleared by the next run that starts; or null
 * @param failuresInARow runs that failed since the last success (for auto-pause)
 * @param pausedReason why it was paused (by the scheduler after failures, or by whoever paused it), cleared on resume; or null
 */
public record LastRun(Instant ranAt, String spawnError, int failuresInARow, String pausedReason) {
    public static final LastRun NONE = new LastRun(null, null, 0, null);

    /** As a resume leaves it: the failure streak and the pause reason forgotten. */
    public LastRun resumed() {
        return new LastRun(ranAt, spawnError, 0, null);
    }

    /** Paused by a person, for {@code reason} (null: none given). */
    public LastRun pausedBecause(String reason) {
        return new LastRun(ranAt, spawnError, failuresInARow, reason);
    }
}
