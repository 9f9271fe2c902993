package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NaturalTriggerTest {

    private static final Instant NOW = Instant.parse("2030-01-02T10:00:00Z"); // a Wednesday
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "every weekday at 9am|0 9 * * 1-5",
            "Every weekday at 09:30|30 9 * * 1-5",
            "daily at 18:30|30 18 * * *",
            "every day at noon|0 12 * * *",
            "every monday and thursday at 10:15|15 10 * * 1,4",
            "every sat, sun at 7pm|0 19 * * 6,0",
            "every weekend at 8am|0 8 * * 0,6",
            "every hour|0 * * * *",
            "hourly|0 * * * *",
            "every minute|* * * * *"})
    void readsCalendarPhrasesAsCron(String phrase, String cron) {
        NaturalTrigger.Parsed parsed = NaturalTrigger.parse(phrase, PARIS, NOW);

        assertThat(parsed.cron()).isEqualTo(cron);
        assertThat(parsed.trigger()).isInstanceOfSatisfying(Trigger.Cron.class, c -> assertThat(c.zone()).isEqualTo(PARIS));
    }

    @Test
    void readsIntervals() {
        assertThat(NaturalTrigger.parse("every 15 minutes", PARIS, NOW).trigger())
                .isEqualTo(new Trigger.Every(Duration.ofMinutes(15), Instant.EPOCH));
        assertThat(NaturalTrigger.parse("every 90s", PARIS, NOW).trigger())
                .isEqualTo(new Trigger.Every(Duration.ofSeconds(90), Instant.EPOCH));
    }

    @Test
    void readsOneTimePhrasesInTheZone() {
        assertThat(NaturalTrigger.parse("tomorrow at 14:30", PARIS, NOW).trigger())
                .isEqualTo(new Trigger.At(Instant.parse("2030-01-03T13:30:00Z")));
        assertThat(NaturalTrigger.parse("in 2 hours", PARIS, NOW).trigger()).isEqualTo(new Trigger.At(NOW.plus(Duration.ofHours(2))));
        assertThat(NaturalTrigger.parse("on 2030-12-24 at 6pm", ZoneOffset.UTC, NOW).trigger())
                .isEqualTo(new Trigger.At(Instant.parse("2030-12-24T18:00:00Z")));
        assertThat(NaturalTrigger.parse("at 9am", ZoneOffset.UTC, NOW).trigger())
                .isEqualTo(new Trigger.At(Instant.parse("2030-01-03T09:00:00Z"))); // 09:00 today has passed
    }

    @Test
    void saysWhatItUnderstandsWhenItDoesNot() {
        assertThatThrownBy(() -> NaturalTrigger.parse("whenever you like", PARIS, NOW)).hasMessageContaining("Try \"every weekday at 9am\"");
        assertThatThrownBy(() -> NaturalTrigger.parse("every funday at 9", PARIS, NOW)).hasMessageContaining("\"funday\" is not a day");
        assertThatThrownBy(() -> NaturalTrigger.parse("daily at 25:00", PARIS, NOW)).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> NaturalTrigger.parse("today at 8am", ZoneOffset.UTC, NOW)).hasMessageContaining("has passed");
    }
}
