package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.cron.CronExpression;
import dev.agentcron.testing.ScheduleBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FirePlanTest {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Trigger EVERY_15_MINUTES = new Trigger.Cron(CronExpression.parse("*/15 * * * *"), ZoneOffset.UTC);
    private static final Trigger DAILY_AT_9 = new Trigger.Cron(CronExpression.parse("0 9 * * *"), ZoneOffset.UTC);

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    private static FirePlan plan(Trigger trigger, String nominal, String now, CatchUpPolicy policy) {
        return FirePlan.plan(trigger, t(nominal), t(now), new FirePlan.CatchUp(policy, WINDOW, 3));
    }

    @Nested
    class OnTime {

        @Test
        void deliversTheOccurrenceAndComputesTheNextFromTheNominalTime() {
            FirePlan plan = plan(EVERY_15_MINUTES, "2030-01-01T09:00:00Z", "2030-01-01T09:00:07Z", CatchUpPolicy.ONCE);

            assertThat(plan.deliver()).containsExactly(t("2030-01-01T09:00:00Z"));
            assertThat(plan.missed()).isNull();
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
            assertThat(plan.coalesced()).isZero();
        }

        @Test
        void leavesAOneTimeScheduleWithNothingNext() {
            FirePlan plan = plan(new Trigger.At(t("2030-01-01T09:00:00Z")), "2030-01-01T09:00:00Z", "2030-01-01T09:00:00Z", CatchUpPolicy.ONCE);

            assertThat(plan.deliver()).hasSize(1);
            assertThat(plan.nextFireAt()).isNull();
        }

        @Test
        void skipDeliversAnOccurrenceThatIsOnlyALittleLate() {
            FirePlan plan = plan(DAILY_AT_9, "2030-01-01T09:00:00Z", "2030-01-01T09:00:30Z", CatchUpPolicy.SKIP);

            assertThat(plan.deliver()).containsExactly(t("2030-01-01T09:00:00Z"));
        }
    }

    @Nested
    class AfterDowntime {

        @Test
        void onceFiresOnceForEverythingMissedThenResumes() {
            FirePlan plan = plan(EVERY_15_MINUTES, "2030-01-01T06:00:00Z", "2030-01-01T09:05:00Z", CatchUpPolicy.ONCE);

            assertThat(plan.deliver()).containsExactly(t("2030-01-01T09:00:00Z"));
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
            assertThat(plan.coalesced()).isEqualTo(4);
        }

        @Test
        void skipFiresNoneOfThemAndRecordsTheLatestAsMissed() {
            FirePlan plan = plan(EVERY_15_MINUTES, "2030-01-01T06:00:00Z", "2030-01-01T09:05:00Z", CatchUpPolicy.SKIP);

            assertThat(plan.deliver()).isEmpty();
            assertThat(plan.missed()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
        }

        @Test
        void allFiresEachMissedOccurrenceInTheWindowUpToTheLimitOldestFirst() {
            FirePlan plan = plan(EVERY_15_MINUTES, "2030-01-01T06:00:00Z", "2030-01-01T09:05:00Z", CatchUpPolicy.ALL);

            // In the window 08:05-09:05: 08:15, 08:30, 08:45, 09:00; the limit keeps the latest three.
            assertThat(plan.deliver()).containsExactly(t("2030-01-01T08:30:00Z"), t("2030-01-01T08:45:00Z"), t("2030-01-01T09:00:00Z"));
            assertThat(plan.coalesced()).isEqualTo(2);
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
        }

        @Test
        void anOccurrenceOlderThanTheWindowIsMissedAndTheScheduleResumes() {
            FirePlan plan = plan(DAILY_AT_9, "2030-01-01T09:00:00Z", "2030-01-01T12:00:00Z", CatchUpPolicy.ONCE);

            assertThat(plan.deliver()).isEmpty();
            assertThat(plan.missed()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-02T09:00:00Z");
        }

        @Test
        void aOneTimeScheduleFiresLateInsideTheWindowAndIsMissedBeyondIt() {
            Trigger at9 = new Trigger.At(t("2030-01-01T09:00:00Z"));

            assertThat(plan(at9, "2030-01-01T09:00:00Z", "2030-01-01T09:59:59Z", CatchUpPolicy.ONCE).deliver()).hasSize(1);
            assertThat(plan(at9, "2030-01-01T09:00:00Z", "2030-01-01T10:00:01Z", CatchUpPolicy.ONCE).missed()).isNotNull();
        }

        @Test
        void doesNotWalkThroughMonthsOfMissedSecondsOneByOne() {
            Trigger everySecond = new Trigger.Cron(CronExpression.parse("* * * * * *"), ZoneOffset.UTC);

            FirePlan plan = plan(everySecond, "2030-01-01T00:00:00Z", "2030-06-01T00:00:00Z", CatchUpPolicy.ONCE);

            assertThat(plan.deliver()).containsExactly(t("2030-06-01T00:00:00Z"));
            assertThat(plan.nextFireAt()).isEqualTo("2030-06-01T00:00:01Z");
        }

        @Test
        void listsEveryOccurrenceItWritesARunFor() {
            FirePlan plan = new FirePlan(List.of(t("2030-01-01T09:00:00Z")), t("2030-01-01T08:00:00Z"), null, 0);

            assertThat(plan.occurrences()).containsExactly(t("2030-01-01T09:00:00Z"), t("2030-01-01T08:00:00Z"));
        }
    }

    @Nested
    class Runs {

        private final Instant due = t("2030-01-01T09:00:00Z");
        private final Instant now = t("2030-01-01T09:00:02Z");

        private List<RunState> states(OverlapPolicy overlap, boolean busy) {
            Schedule s = ScheduleBuilder.aSchedule().agentRun().overlap(overlap).cron("* * * * *").nextFireAt(due).build();
            FirePlan plan = new FirePlan(List.of(due, due.plusSeconds(60)), due.minusSeconds(60), due.plusSeconds(120), 0);
            List<RunId> ids = List.of(new RunId("r1"), new RunId("r2"), new RunId("r3"));
            return plan.runs(s, ids, busy, now).stream().map(Run::state).toList();
        }

        @Test
        void deliversEachOccurrenceAndRecordsTheMissedOne() {
            assertThat(states(OverlapPolicy.ALLOW, false)).containsExactly(RunState.PENDING, RunState.PENDING, RunState.MISSED);
        }

        @Test
        void underSkipASecondOccurrenceOfOneFireOverlapsTheFirst() {
            assertThat(states(OverlapPolicy.SKIP, false)).containsExactly(RunState.PENDING, RunState.SKIPPED, RunState.MISSED);
        }

        @Test
        void underSkipABusyScheduleSkipsEveryOccurrenceButQueueDoesNot() {
            assertThat(states(OverlapPolicy.SKIP, true)).containsExactly(RunState.SKIPPED, RunState.SKIPPED, RunState.MISSED);
            assertThat(states(OverlapPolicy.QUEUE, true)).containsExactly(RunState.PENDING, RunState.PENDING, RunState.MISSED);
        }

        @Test
        void eachRunKnowsHowLateItWasMade() {
            Schedule s = ScheduleBuilder.aSchedule().at(due).build();

            Run run = new FirePlan(List.of(due), null, null, 0).runs(s, List.of(new RunId("r1")), false, now).getFirst();

            assertThat(run.times().lateness()).isEqualTo(Duration.ofSeconds(2));
            assertThat(run.source()).isEqualTo(RunSource.SCHEDULE);
        }
    }
}
