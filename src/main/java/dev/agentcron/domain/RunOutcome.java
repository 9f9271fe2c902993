package dev.agentcron.domain;

import java.time.Instant;

/**
 * How a run ended, as far as its schedule cares, and what that does to the schedule: the rules of
 * {@code last_ran_at}, {@code last_spawn_error}, the failure streak and auto-pause, in one place.
 *
 * @param startedAt when the run's first attempt started
 * @param autoPauseAfter the schedule pauses itself after this many failed runs in a row; null never
 * @param tracksRuns a success is recorded on the schedule; a Letta message without auto-pause skips that write
 */
public record RunOutcome(RunState state, Instant startedAt, String error, Integer autoPauseAfter, boolean tracksRuns) {

    /** What the outcome makes of a schedule: its new last-run record, and whether it pauses itself now. */
    public record Effect(LastRun lastRun, boolean pauses) {}

    /** Whether this outcome changes its schedule at all; when false, the schedule's row is not touched. */
    public boolean touchesSchedule() {
        return switch (state) {
            case SUCCEEDED -> tracksRuns;
            case FAILED, ERROR -> true;
            case PENDING, RUNNING, CANCELLED, SKIPPED, MISSED -> false;
        };
    }

    /**
     * Applies this outcome to a schedule in {@code current} state with {@code last} as its record. An agent
     * that ran (even to fail) clears the last spawn error; one that could not start sets it. A success resets
     * the failure streak; a failure extends it, and an active schedule with auto-pause pauses itself when the
     * streak reaches the limit.
     */
    public Effect applyTo(ScheduleState current, LastRun last) {
        return switch (state) {
            case SUCCEEDED -> tracksRuns ? new Effect(new LastRun(startedAt, null, 0, last.pausedReason()), false) : unchanged(last);
            case FAILED -> failed(current, last, null);
            case ERROR -> failed(current, last, error);
            case PENDING, RUNNING, CANCELLED, SKIPPED, MISSED -> unchanged(last);
        };
    }

    private Effect failed(ScheduleState current, LastRun last, String spawnError) {
        int streak = last.failuresInARow() + 1;
        boolean pauses = current == ScheduleState.ACTIVE && autoPauseAfter != null && autoPauseAfter > 0 && streak >= autoPauseAfter;
        String reason = pauses ? "paused after " + autoPauseAfter + " failed runs in a row; the last: " + error : last.pausedReason();
        return new Effect(new LastRun(last.ranAt(), spawnError, streak, reason), pauses);
    }

    private static Effect unchanged(LastRun last) {
        return new Effect(last, false);
    }
}
