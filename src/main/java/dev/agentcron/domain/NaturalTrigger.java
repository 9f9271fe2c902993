package dev.agentcron.domain;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns common phrases into triggers, for confirmation before use: "every weekday at 9am", "every 15 minutes",
 * "daily at 18:30", "every monday and thursday at 10:15", "tomorrow at 14:30", "in 2 hours",
 * "on 2026-12-24 at 18:00". Wall times are read in the given zone. Anything else is not understood, and says
 * so, rather than guessed at.
 */
public final class NaturalTrigger {

    /** A phrase understood: the trigger, and the cron text when it is recurring on the calendar. */
    public record Parsed(Trigger trigger, String cron) {}

    private static final String TIME = "(?:\\s+at\\s+(?<time>noon|midnight|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)?))?";
    private static final Pattern EVERY_N = Pattern.compile("every\\s+(?<n>\\d+)\\s*(?<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)");
    private static final Pattern EVERY_UNIT = Pattern.compile("every\\s+(?<unit>second|minute|hour)|(?<hourly>hourly)");
    private static final Pattern CALENDAR = Pattern.compile(
            "(?:every\\s+(?<days>day|weekday|weekend|[a-z]+(?:\\s*(?:,|and)\\s*[a-z]+)*)|(?<daily>daily))" + TIME);
    private static final Pattern RELATIVE_DAY = Pattern.compile("(?<day>today|tomorrow)" + TIME);
    private static final Pattern IN = Pattern.compile("in\\s+(?<n>\\d+)\\s*(?<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)");
    private static final Pattern ON_DATE = Pattern.compile("on\\s+(?<date>\\d{4}-\\d{2}-\\d{2})" + TIME);
    private static final Pattern AT_TIME = Pattern.compile("at\\s+(?<time>noon|midnight|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)?)");
    private static final Map<String, String> DAYS = new LinkedHashMap<>();

    static {
        List<String> names = List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
        for (int i = 0; i < names.size(); i++) {
            DAYS.put(names.get(i), Integer.toString(i));
            DAYS.put(names.get(i).substring(0, 3), Integer.toString(i));
            DAYS.put(names.get(i) + "s", Integer.toString(i));
        }
    }

    private NaturalTrigger() {}

    /**
     * Parses {@code text} in {@code zone}, relative to {@code now}.
     *
     * @throws IllegalArgumentException saying what is understood, when it is not
     */
    public static Parsed parse(String text, ZoneId zone, Instant now) {
        String phrase = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.!]$", "");
        Matcher m;
        if ((m = EVERY_N.matcher(phrase)).matches()) {
            Duration interval = span(m.group("unit"), m.group("n"));
            if (interval.isZero()) {
                throw new IllegalArgumentException("an interval must be positive");
            }
            return new Parsed(new Trigger.Every(interval, Instant.EPOCH), null);
        }
        if ((m = EVERY_UNIT.matcher(phrase)).matches()) {
            String unit = m.group("hourly") != null ? "hour" : m.group("unit");
            String cron = switch (unit) {
                case "second" -> "* * * * * *";
                case "minute" -> "* * * * *";
                default -> "0 * * * *";
            };
            return cron(cron, zone);
        }
        if ((m = CALENDAR.matcher(phrase)).matches()) {
            LocalTime time = time(m.group("time"), LocalTime.MIDNIGHT);
            String days = m.group("daily") != null ? "*" : days(m.group("days"));
            return cron(time.getMinute() + " " + time.getHour() + " * * " + days, zone);
        }
        if ((m = RELATIVE_DAY.matcher(phrase)).matches()) {
            LocalDate today = LocalDate.ofInstant(now, zone);
            LocalDate date = m.group("day").equals("today") ? today : today.plusDays(1);
            return at(ZonedDateTime.of(date, time(m.group("time"), LocalTime.of(9, 0)), zone).toInstant(), now);
        }
        if ((m = IN.matcher(phrase)).matches()) {
            return at(now.plus(span(m.group("unit"), m.group("n"))), now);
        }
        if ((m = ON_DATE.matcher(phrase)).matches()) {
            try {
                LocalDate date = LocalDate.parse(m.group("date"));
                return at(ZonedDateTime.of(date, time(m.group("time"), LocalTime.of(9, 0)), zone).toInstant(), now);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"" + m.group("date") + "\" is not a date");
            }
        }
        if ((m = AT_TIME.matcher(phrase)).matches()) {
            ZonedDateTime today = ZonedDateTime.of(LocalDate.ofInstant(now, zone), time(m.group("time"), LocalTime.MIDNIGHT), zone);
            Instant at = today.toInstant().isAfter(now) ? today.toInstant() : today.plusDays(1).toInstant();
            return at(at, now);
        }
        String quoted = text.trim().length() <= 64 ? text.trim() : text.trim().substring(0, 64) + "…";
        throw new IllegalArgumentException("not understood: \"" + quoted + "\". Try \"every weekday at 9am\", "
                + "\"every 15 minutes\", \"daily at 18:30\", \"every monday and thursday at 10:15\", \"tomorrow at 14:30\", "
                + "\"in 2 hours\" or \"on 2026-12-24 at 18:00\"");
    }

    /** {@code n} of {@code unit}, at most {@link DurationText#LONGEST}. */
    private static Duration span(String unit, String n) {
        Duration one = unit(unit);
        if (n.length() > 7 || one.multipliedBy(Long.parseLong(n)).compareTo(DurationText.LONGEST) > 0) {
            throw new IllegalArgumentException("a span of " + unit + " must be at most " + DurationText.format(DurationText.LONGEST));
        }
        return one.multipliedBy(Long.parseLong(n));
    }

    private static Parsed cron(String cron, ZoneId zone) {
        return new Parsed(new Trigger.Cron(CronExpression.parse(cron), zone), cron);
    }

    private static Parsed at(Instant at, Instant now) {
        if (!at.isAfter(now)) {
            throw new IllegalArgumentException("that time has passed");
        }
        return new Parsed(new Trigger.At(at), null);
    }

    private static String days(String text) {
        return switch (text) {
            case "day" -> "*";
            case "weekday" -> "1-5";
            case "weekend" -> "0,6";
            default -> {
                StringBuilder out = new StringBuilder();
                for (String name : text.split("\\s*(?:,|and)\\s*")) {
                    String number = DAYS.get(name.trim());
                    if (number == null) {
                        throw new IllegalArgumentException("\"" + name.trim() + "\" is not a day of the week");
                    }
                    out.append(out.isEmpty() ? "" : ",").append(number);
                }
                yield out.toString();
            }
        };
    }

    private static LocalTime time(String text, LocalTime fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.replace(" ", "");
        if (t.equals("noon")) {
            return LocalTime.NOON;
        }
        if (t.equals("midnight")) {
            return LocalTime.MIDNIGHT;
        }
        boolean pm = t.endsWith("pm");
        boolean am = t.endsWith("am");
        String digits = am || pm ? t.substring(0, t.length() - 2) : t;
        String[] parts = digits.split(":");
        int hour = Integer.parseInt(parts[0]);
        int minute = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if ((am || pm) && (hour < 1 || hour > 12)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a time");
        }
        if (pm && hour != 12) {
            hour += 12;
        } else if (am && hour == 12) {
            hour = 0;
        }
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("\"" + text + "\" is not a time");
        }
        return LocalTime.of(hour, minute);
    }

    private static Duration unit(String unit) {
        return switch (unit.charAt(0)) {
            case 's' -> Duration.ofSeconds(1);
            case 'm' -> Duration.ofMinutes(1);
            case 'h' -> Duration.ofHours(1);
            case 'd' -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

}
