package dev.agentcron.domain;

import java.util.Set;

/**
 * Which schedules to list, across faces, soonest next fire first (paused ones, with no next fire, last).
 * Null fields do not filter.
 *
 * @param owners whose schedules: a caller's own and its teams'
 * @param text a word to find in the name, the agent id, or the message or prompt (case-insensitive)
 * @param after the keyset cursor: only schedules strictly after this (sort key, id)
 */
public record ScheduleQuery(Set<Principal> owners, String text, ScheduleKind kind, ScheduleState state, String agentId,
        RunState lastRunState, After after, int limit) {

    /**
     * A position in the listing.
     *
     * @param nextFireAt the epoch milliseconds of the next fire, or {@link Long#MAX_VALUE} for none
     */
    public record After(long nextFireAt, String id) {
        public static After of(Schedule schedule) {
            return new After(schedule.nextFireAt() == null ? Long.MAX_VALUE : schedule.nextFireAt().toEpochMilli(), schedule.id().value());
        }
    }

    public ScheduleQuery withLimit(int newLimit) {
        return new ScheduleQuery(owners, text, kind, state, agentId, lastRunState, after, newLimit);
    }
}
