package dev.agentcron.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which runs of some owners (a caller's: itself and its teams) to list, newest first. Null fields do not filter; an empty {@code states} or
 * {@code sources} set means any.
 *
 * @param minLateness only runs made at least this late after their due instant
 * @param before the keyset cursor: only runs strictly older than the one it names
 */
public record RunFilter(Set<Principal> owners, ScheduleId scheduleId, Set<RunState> states, Set<RunSource> sources,
        Instant createdAfter, Instant createdBefore, Duration minLateness, Cursor before, int limit) {

    /** Where a page of runs ended: the creation time and id of its last run. */
    public record Cursor(Instant createdAt, String id) {}

    public RunFilter withLimit(int newLimit) {
        return new RunFilter(owners, scheduleId, states, sources, createdAfter, createdBefore, minLateness, before, newLimit);
    }
}
