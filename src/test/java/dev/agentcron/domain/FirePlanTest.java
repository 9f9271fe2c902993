package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FirePlanTest {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Trigger EVERY_15_MINUTES = new Trigger.Cron(CronExpression.parse("*/15 * * * *"), ZoneOffset.UTC);
    private static final Trigger DAILY_AT_9 = new Trigger.Cron(CronExpression.parse("0 9 * * *"), ZoneOffset.UTC);

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    @Nested
    class OnTime {

        @Test
        void deliversTheOccurrenceAndComputesTheNextFromTheNominalTime() {
            FirePlan plan = FirePlan.plan(EVERY_15_MINUTES, t("2030-01-01T09:00:00Z"), t("2030-01-01T09:00:07Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.occurrence()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.deliver()).isTrue();
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
            assertThat(plan.coalesced()).isZero();
        }

        @Test
        void leavesAOneTimeScheduleWithNothingNext() {
            FirePlan plan = FirePlan.plan(new Trigger.At(t("2030-01-01T09:00:00Z")), t("2030-01-01T09:00:00Z"),
                    t("2030-01-01T09:00:00Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.deliver()).isTrue();
            assertThat(plan.nextFireAt()).isNull();
        }
    }

    @Nested
    class AfterDowntime {

        @Test
        void aRecurringScheduleFiresOnceForEverythingItMissedThenResumes() {
            FirePlan plan = FirePlan.plan(EVERY_15_MINUTES, t("2030-01-01T06:00:00Z"), t("2030-01-01T09:05:00Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.deliver()).isTrue();
            assertThat(plan.occurrence()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
            assertThat(plan.coalesced()).isEqualTo(4);
        }

        @Test
        void aRecurringScheduleWithSkipFiresNoneOfThemAndRecordsTheLatestAsMissed() {
            FirePlan plan = FirePlan.plan(EVERY_15_MINUTES, t("2030-01-01T06:00:00Z"), t("2030-01-01T09:05:00Z"), CatchUpPolicy.SKIP, WINDOW);

            assertThat(plan.deliver()).isFalse();
            assertThat(plan.occurrence()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-01T09:15:00Z");
        }

        @Test
        void anOccurrenceOlderThanTheWindowIsMissedAndTheScheduleResumes() {
            FirePlan plan = FirePlan.plan(DAILY_AT_9, t("2030-01-01T09:00:00Z"), t("2030-01-01T12:00:00Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.deliver()).isFalse();
            assertThat(plan.occurrence()).isEqualTo("2030-01-01T09:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-01-02T09:00:00Z");
        }

        @Test
        void aOneTimeScheduleFiresLateInsideTheWindow() {
            FirePlan plan = FirePlan.plan(new Trigger.At(t("2030-01-01T09:00:00Z")), t("2030-01-01T09:00:00Z"),
                    t("2030-01-01T09:59:59Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.deliver()).isTrue();
        }

        @Test
        void aOneTimeScheduleOlderThanTheWindowIsMissed() {
            FirePlan plan = FirePlan.plan(new Trigger.At(t("2030-01-01T09:00:00Z")), t("2030-01-01T09:00:00Z"),
                    t("2030-01-01T10:00:01Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.deliver()).isFalse();
            assertThat(plan.nextFireAt()).isNull();
        }

        @Test
        void doesNotWalkThroughMonthsOfMissedSecondsOneByOne() {
            Trigger everySecond = new Trigger.Cron(CronExpression.parse("* * * * * *"), ZoneOffset.UTC);

            FirePlan plan = FirePlan.plan(everySecond, t("2030-01-01T00:00:00Z"), t("2030-06-01T00:00:00Z"), CatchUpPolicy.ONCE, WINDOW);

            assertThat(plan.occurrence()).isEqualTo("2030-06-01T00:00:00Z");
            assertThat(plan.nextFireAt()).isEqualTo("2030-06-01T00:00:01Z");
        }
    }
}
