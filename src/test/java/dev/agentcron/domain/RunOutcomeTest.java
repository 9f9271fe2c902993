package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {

    private static final Instant STARTED = Instant.parse("2030-01-01T09:00:00Z");
    private static final LastRun TWO_FAILED = new LastRun(STARTED.minusSeconds(3600), "no such command", 2, null);

    @Test
    void aSuccessRecordsTheRunClearsTheSpawnErrorAndEndsTheStreak() {
        RunOutcome.Effect effect = new RunOutcome(RunState.SUCCEEDED, STARTED, null, 3, true).applyTo(ScheduleState.ACTIVE, TWO_FAILED);

        assertThat(effect).isEqualTo(new RunOutcome.Effect(new LastRun(STARTED, null, 0, null), false));
    }

    @Test
    void aSuccessOfAMessageThatTracksNothingChangesNothing() {
        RunOutcome outcome = new RunOutcome(RunState.SUCCEEDED, STARTED, null, null, false);

        assertThat(outcome.touchesSchedule()).isFalse();
        assertThat(outcome.applyTo(ScheduleState.ACTIVE, TWO_FAILED)).isEqualTo(new RunOutcome.Effect(TWO_FAILED, false));
    }

    @Test
    void aRunThatCouldNotStartSetsTheSpawnErrorAndOneThatRanAndFailedClearsIt() {
        RunOutcome.Effect spawn = new RunOutcome(RunState.ERROR, STARTED, "exec failed", null, true).applyTo(ScheduleState.ACTIVE, LastRun.NONE);
        RunOutcome.Effect ran = new RunOutcome(RunState.FAILED, STARTED, "exit 1", null, true).applyTo(ScheduleState.ACTIVE, spawn.lastRun());

        assertThat(spawn.lastRun()).isEqualTo(new LastRun(null, "exec failed", 1, null));
        assertThat(ran.lastRun()).isEqualTo(new LastRun(null, null, 2, null));
        assertThat(ran.pauses()).isFalse();
    }

    @Test
    void theFailureThatReachesTheLimitPausesAnActiveScheduleAndSaysWhy() {
        RunOutcome third = new RunOutcome(RunState.FAILED, STARTED, "exit 3", 3, true);

        RunOutcome.Effect active = third.applyTo(ScheduleState.ACTIVE, TWO_FAILED);
        RunOutcome.Effect paused = third.applyTo(ScheduleState.PAUSED, TWO_FAILED);

        assertThat(active.pauses()).isTrue();
        assertThat(active.lastRun().pausedReason()).isEqualTo("paused after 3 failed runs in a row; the last: exit 3");
        assertThat(paused.pauses()).as("already paused").isFalse();
    }

    @Test
    void cancelledSkippedAndMissedRunsLeaveTheScheduleAlone() {
        for (RunState state : new RunState[] {RunState.CANCELLED, RunState.SKIPPED, RunState.MISSED}) {
            RunOutcome outcome = new RunOutcome(state, STARTED, "why", 1, true);

            assertThat(outcome.touchesSchedule()).isFalse();
            assertThat(outcome.applyTo(ScheduleState.ACTIVE, TWO_FAILED).lastRun()).isEqualTo(TWO_FAILED);
        }
    }
}
