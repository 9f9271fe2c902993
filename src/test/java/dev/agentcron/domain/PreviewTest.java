package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PreviewTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void showsWhereTheDstRuleMovesAFireAndTheClockChanges() {
        Trigger trigger = new Trigger.Cron(CronExpression.parse("30 2 * * *"), NEW_YORK);

        Preview.Result spring = Preview.of(trigger, Instant.parse("2030-03-09T12:00:00Z"), 2);
        Preview.Result autumn = Preview.of(trigger, Instant.parse("2030-11-02T12:00:00Z"), 2);

        assertThat(spring.fires().getFirst().at()).isEqualTo("2030-03-10T07:00:00Z");
        assertThat(spring.fires().getFirst().note())
                .isEqualTo("02:30 does not exist on 2030-03-10 in America/New_York (clocks go forward); it fires at the end of the gap, 03:00");
        assertThat(spring.fires().get(1).note()).isNull();
        assertThat(spring.clockChanges()).containsExactly("2030-03-10: clocks go forward 1 hour at 02:00, from 02:00 to 03:00 (America/New_York)");
        assertThat(autumn.fires().getFirst().at()).isEqualTo("2030-11-03T07:30:00Z"); // 02:30 EST, after the change
        assertThat(autumn.fires().getFirst().note()).isNull(); // 02:30 exists once; 01:30 would be the doubled one
        assertThat(autumn.clockChanges()).containsExactly("2030-11-03: clocks go back 1 hour at 02:00, from 02:00 to 01:00 (America/New_York)");
    }

    @Test
    void notesAWallTimeThatOccursTwice() {
        Trigger trigger = new Trigger.Cron(CronExpression.parse("30 1 * * *"), NEW_YORK);

        Preview.Result result = Preview.of(trigger, Instant.parse("2030-11-02T12:00:00Z"), 2);

        assertThat(result.fires().getFirst().at()).isEqualTo("2030-11-03T05:30:00Z");
        assertThat(result.fires().getFirst().note())
                .isEqualTo("01:30 occurs twice on 2030-11-03 in America/New_York (clocks go back); it fires once, at the first (UTC offset -04:00)");
        assertThat(result.fires().get(1).at()).isEqualTo("2030-11-04T06:30:00Z");
    }

    @Test
    void describesTriggersInPlainWords() {
        assertThat(Preview.describe(new Trigger.Cron(CronExpression.parse("0 9 * * 1-5"), ZoneId.of("Europe/Paris"))))
                .isEqualTo("At 09:00 every day between Monday and Friday, Europe/Paris");
        assertThat(Preview.describe(new Trigger.Every(Duration.ofMinutes(15), Instant.EPOCH))).isEqualTo("Every 15 minutes");
        assertThat(Preview.describe(new Trigger.Every(Duration.ofMinutes(1), Instant.EPOCH))).isEqualTo("Every minute");
        assertThat(Preview.describe(new Trigger.At(Instant.parse("2030-01-01T09:00:00Z")))).isEqualTo("Once, at 2030-01-01T09:00:00.000Z");
    }

    @Test
    void stopsAtTheEndOfABoundedTrigger() {
        Trigger trigger = new Trigger.Cron(CronExpression.parse("0 9 * * *"), ZoneOffset.UTC,
                Instant.parse("2030-01-10T00:00:00Z"), Instant.parse("2030-01-12T09:00:00Z"));

        Preview.Result result = Preview.of(trigger, Instant.parse("2030-01-01T00:00:00Z"), 10);

        assertThat(result.fires()).extracting(Preview.Fire::at).containsExactly(Instant.parse("2030-01-10T09:00:00Z"),
                Instant.parse("2030-01-11T09:00:00Z"), Instant.parse("2030-01-12T09:00:00Z"));
    }
}
