package dev.agentcron.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant next(String expression, ZoneId zone, String after) {
        return CronExpression.parse(expression).nextAfter(Instant.parse(after), zone).orElseThrow();
    }

    @Nested
    class Parsing {

        @Test
        void acceptsFiveFieldsSixFieldsAndMacros() {
            assertThat(CronExpression.parse("0 9 * * 1-5").fieldCount()).isEqualTo(5);
            assertThat(CronExpression.parse("30 0 9 * * *").fieldCount()).isEqualTo(6);
            assertThat(CronExpression.parse("@daily").fieldCount()).isEqualTo(5);
            assertThat(CronExpression.parse("  0 9 * * *  ").text()).isEqualTo("0 9 * * *");
        }

        @Test
        void rejectsWhatIsNotCronWithAReason() {
            assertThatThrownBy(() -> CronExpression.parse("")).isInstanceOf(InvalidCronException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("5 fields");
            assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).isInstanceOf(InvalidCronException.class);
            assertThatThrownBy(() -> CronExpression.parse("* 24 * * *")).isInstanceOf(InvalidCronException.class);
            assertThatThrownBy(() -> CronExpression.parse("@sometimes")).hasMessageContaining("unknown macro");
            assertThatThrownBy(() -> CronExpression.parse("a b c d e")).isInstanceOf(InvalidCronException.class);
        }
    }

    @Nested
    class NextFire {

        @Test
        void isStrictlyAfterTheGivenInstant() {
            assertThat(next("0 9 * * *", UTC, "2030-01-01T09:00:00Z")).isEqualTo("2030-01-02T09:00:00Z");
            assertThat(next("0 9 * * *", UTC, "2030-01-01T08:59:59.999Z")).isEqualTo("2030-01-01T09:00:00Z");
        }

        @Test
        void readsSundayAsZeroOrSeven() {
            // 2030-01-06 is a Sunday.
            assertThat(next("0 0 * * 0", UTC, "2030-01-01T00:00:00Z")).isEqualTo("2030-01-06T00:00:00Z");
            assertThat(next("0 0 * * 7", UTC, "2030-01-01T00:00:00Z")).isEqualTo("2030-01-06T00:00:00Z");
        }

        @Test
        void firesOnEitherDayFieldWhenBothAreRestricted() {
            // The 15th, or any Monday: 2030-01-07 is the first Monday after the 1st.
            assertThat(next("0 0 15 * 1", UTC, "2030-01-01T00:00:00Z")).isEqualTo("2030-01-07T00:00:00Z");
        }

        @Test
        void readsMonthAndDayNames() {
            assertThat(next("0 9 * JAN MON-FRI", UTC, "2030-01-05T00:00:00Z")).isEqualTo("2030-01-07T09:00:00Z");
            assertThat(next("0 9 1 feb *", UTC, "2030-01-05T00:00:00Z")).isEqualTo("2030-02-01T09:00:00Z");
        }

        @Test
        void honoursLeapDays() {
            assertThat(next("0 12 29 2 *", UTC, "2030-01-01T00:00:00Z")).isEqualTo("2032-02-29T12:00:00Z");
        }

        @Test
        void readsSecondsInSixFieldExpressions() {
            assertThat(next("*/15 * * * * *", UTC, "2030-01-01T00:00:07Z")).isEqualTo("2030-01-01T00:00:15Z");
        }
    }

    @Nested
    class DaylightSavingTime {

        @Test
        void aWallTimeInsideTheSpringGapFiresAtTheEndOfTheGap() {
            // 2030-03-10 02:00 EST -> 03:00 EDT in New York; 02:30 does not exist that day.
            assertThat(next("30 2 * * *", NEW_YORK, "2030-03-10T05:00:00Z")).isEqualTo("2030-03-10T07:00:00Z");
        }

        @Test
        void aWallTimeThatOccursTwiceFiresOnceAtTheFirst() {
            // 2030-11-03 02:00 EDT -> 01:00 EST; 01:30 happens at 05:30Z and again at 06:30Z.
            Instant first = next("30 1 * * *", NEW_YORK, "2030-11-03T04:00:00Z");
            assertThat(first).isEqualTo("2030-11-03T05:30:00Z");
            assertThat(next("30 1 * * *", NEW_YORK, first.toString())).isEqualTo("2030-11-04T06:30:00Z");
        }

        @Test
        void firesExactlyOnceOnEachChangeDayAndEveryOtherDay() {
            CronExpression cron = CronExpression.parse("30 2 * * *");
            List<LocalDate> days = new ArrayList<>();
            Instant t = Instant.parse("2030-01-01T00:00:00Z");
            while (t.isBefore(Instant.parse("2031-01-01T00:00:00Z"))) {
                t = cron.nextAfter(t, NEW_YORK).orElseThrow();
                days.add(LocalDate.ofInstant(t, NEW_YORK));
            }

            assertThat(days).doesNotHaveDuplicates().hasSize(366).contains(LocalDate.parse("2030-03-10"), LocalDate.parse("2030-11-03"));
        }

        @Test
        void severalWallTimesInOneGapCollapseIntoOneFire() {
            Instant first = next("*/20 2 * * *", NEW_YORK, "2030-03-10T06:00:00Z");
            assertThat(first).isEqualTo("2030-03-10T07:00:00Z");
            assertThat(next("*/20 2 * * *", NEW_YORK, first.toString())).isEqualTo("2030-03-11T06:00:00Z");
        }
    }

    @Nested
    class AgreesWithABruteForceEvaluator {

        private static final List<ZoneId> ZONES = List.of(UTC, NEW_YORK, ZoneId.of("Europe/Paris"),
                ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata"), ZoneId.of("America/Santiago"));

        @Test
        void onThousandsOfRandomExpressionsZonesAndInstants() {
            Random random = new Random(20301103L);
            int compared = 0;
            for (int i = 0; i < 3000; i++) {
                String expression = randomExpression(random);
                ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
                Instant after = Instant.parse("2028-01-01T00:00:00Z").plusMillis(random.nextLong(5L * 365 * 86400 * 1000));
                if (random.nextInt(4) == 0) {
                    after = nearATransition(zone, after, random);
                }

                Optional<Instant> expected = new BruteForceCron(expression).nextAfter(after, zone, 3 * 366);
                Optional<Instant> actual = CronExpression.parse(expression).nextAfter(after, zone);

                if (expected.isPresent()) {
                    assertThat(actual).as("%s in %s after %s", expression, zone, after).isEqualTo(expected);
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(2500);
        }

        private static Instant nearATransition(ZoneId zone, Instant around, Random random) {
            var transition = zone.getRules().nextTransition(around);
            return transition == null ? around : transition.getInstant().minusSeconds(random.nextInt(7200));
        }

        private static String randomExpression(Random r) {
            boolean seconds = r.nextInt(5) == 0;
            String minute = r.nextInt(3) == 0 ? "*" : timeField(r, 0, 59);
            String hour = r.nextInt(3) == 0 ? "*" : timeField(r, 0, 23);
            String dom = r.nextInt(2) == 0 ? "*" : dayField(r, 1, 28);
            String month = r.nextInt(3) == 0 ? "*" : dayField(r, 1, 12);
            String dow = r.nextInt(2) == 0 ? "*" : dayField(r, 0, 7);
            String fields = minute + " " + hour + " " + dom + " " + month + " " + dow;
            return seconds ? timeField(r, 0, 59) + " " + fields : fields;
        }

        private static String timeField(Random r, int min, int max) {
            return switch (r.nextInt(4)) {
                case 0 -> "*/" + (2 + r.nextInt(14));
                case 1 -> Integer.toString(min + r.nextInt(max - min + 1));
                case 2 -> {
                    int a = min + r.nextInt(max - min);
                    yield a + "-" + (a + 1 + r.nextInt(max - a));
                }
                default -> (min + r.nextInt(max - min + 1)) + "," + (min + r.nextInt(max - min + 1));
            };
        }

        private static String dayField(Random r, int min, int max) {
            return switch (r.nextInt(3)) {
                case 0 -> Integer.toString(min + r.nextInt(max - min + 1));
                case 1 -> {
                    int a = min + r.nextInt(max - min);
                    yield a + "-" + (a + 1 + r.nextInt(max - a));
                }
                default -> (min + r.nextInt(max - min + 1)) + "," + (min + r.nextInt(max - min + 1));
            };
        }
    }
}
