package dev.agentcron.domain;

import java.time.Instant;

/**
 * What the scheduler last saw of a schedule's runs.
 *
 * @param ranAt when its last successful run started, or null
 * @param spawnError why its last run could not be started, cleared by the next run that starts; or null
 */
public record LastRun(Instant ranAt, String spawnError) {
    public static final LastRun NONE = new LastRun(null, null);
}
