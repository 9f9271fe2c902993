package dev.agentcron.domain;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The next fire times of a trigger, each in UTC and in the trigger's zone, with a note wherever the DST rule
 * moved one, and the clock changes in the period shown.
 */
public final class Preview {

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * One fire.
     *
     * @param note why this fire is not at the wall time the expression names, or null
     */
    public record Fire(Instant at, ZonedDateTime local, String note) {}

    /** What a preview shows. */
    public record Result(String description, ZoneId zone, List<Fire> fires, List<String> clockChanges) {}

    private Preview() {}

    public static Result of(Trigger trigger, Instant from, int count) {
        ZoneId zone = zoneOf(trigger);
        List<Fire> fires = new ArrayList<>();
        Instant after = from;
        for (int i = 0; i < count; i++) {
            Fire fire = next(trigger, after, zone);
            if (fire == null) {
                break;
            }
            fires.add(fire);
            after = fire.at();
        }
        Instant until = fires.isEmpty() ? from : fires.getLast().at();
        return new Result(describe(trigger), zone, fires, clockChanges(zone, from, until));
    }

    private static Fire next(Trigger trigger, Instant after, ZoneId zone) {
        return switch (trigger) {
            case Trigger.Cron cron -> {
                Instant from = cron.startAt() != null && after.isBefore(cron.startAt()) ? cron.startAt().minusMillis(1) : after;
                CronExpression.Match match = cron.expression().nextMatch(from, zone).orElse(null);
                if (match == null || (cron.endAt() != null && match.at().isAfter(cron.endAt()))) {
                    yield null;
                }
                yield new Fire(match.at(), match.at().atZone(zone), note(match, zone));
            }
            case Trigger.Every every -> every.nextAfter(after).map(at -> new Fire(at, at.atZone(zone), null)).orElse(null);
            case Trigger.At at -> at.nextAfter(after).map(t -> new Fire(t, t.atZone(zone), null)).orElse(null);
        };
    }

    private static String note(CronExpression.Match match, ZoneId zone) {
        LocalDateTime wall = match.wall();
        return switch (match.shifted()) {
            case NONE -> null;
            case GAP -> "%s does not exist on %s in %s (clocks go forward); it fires at the end of the gap, %s"
                    .formatted(HOUR_MINUTE.format(wall), wall.toLocalDate(), zone.getId(), HOUR_MINUTE.format(match.at().atZone(zone)));
            case OVERLAP -> "%s occurs twice on %s in %s (clocks go back); it fires once, at the first (UTC offset %s)"
                    .formatted(HOUR_MINUTE.format(wall), wall.toLocalDate(), zone.getId(), match.at().atZone(zone).getOffset());
        };
    }

    private static List<String> clockChanges(ZoneId zone, Instant from, Instant until) {
        List<String> changes = new ArrayList<>();
        ZoneOffsetTransition t = zone.getRules().nextTransition(from.minusSeconds(1));
        while (t != null && !t.getInstant().isAfter(until)) {
            Duration shift = t.getDuration();
            changes.add("%s: clocks go %s %s at %s, from %s to %s (%s)".formatted(t.getDateTimeBefore().toLocalDate(),
                    t.isGap() ? "forward" : "back", amount(shift.abs()), HOUR_MINUTE.format(t.getDateTimeBefore()),
                    HOUR_MINUTE.format(t.getDateTimeBefore()), HOUR_MINUTE.format(t.getDateTimeAfter()), zone.getId()));
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return changes;
    }

    /** The trigger in plain words, with its zone: "at 09:00 every day between Monday and Friday, Europe/Paris". */
    public static String describe(Trigger trigger) {
        return switch (trigger) {
            case Trigger.Cron cron -> capitalise(cron.expression().describe())
                    + (cron.zone().equals(ZoneOffset.UTC) ? ", UTC" : ", " + cron.zone().getId())
                    + bounds(cron.startAt(), cron.endAt());
            case Trigger.Every every -> "Every " + words(every.interval()) + bounds(every.anchor().equals(Instant.EPOCH) ? null : every.anchor(), every.endAt());
            case Trigger.At at -> "Once, at " + WireTime.format(at.at());
        };
    }

    private static String bounds(Instant start, Instant end) {
        return (start == null ? "" : ", from " + WireTime.format(start)) + (end == null ? "" : ", until " + WireTime.format(end));
    }

    private static String words(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    /** "1 hour", "30 minutes": a shift, always with its number. */
    private static String amount(Duration d) {
        String words = words(d);
        return Character.isDigit(words.charAt(0)) ? words : "1 " + words;
    }

    private static String plural(long n, String unit) {
        return n == 1 ? unit : n + " " + unit + "s";
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static ZoneId zoneOf(Trigger trigger) {
        return trigger instanceof Trigger.Cron cron ? cron.zone() : ZoneOffset.UTC;
    }
}
