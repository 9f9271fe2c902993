package dev.agentcron.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration written as {@code 250ms}, {@code 5s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT5S}. */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    /** The longest duration taken anywhere: ten years. Longer ones are mistakes, and overflow arithmetic. */
    public static final Duration LONGEST = Duration.ofDays(3_660);

    private DurationText() {}

    /** Writes a duration the short way when it is whole seconds, minutes, hours or days ({@code 90s}, {@code 15m}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * A duration of at most {@link #LONGEST}.
     *
     * @throws IllegalArgumentException when {@code text} is not one
     */
    public static Duration parse(String text) {
        String value = text.trim();
        Matcher m = SHORT.matcher(value);
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1)); // at most 12 digits: no unit below overflows
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> throw new IllegalStateException("pattern allows only the units above");
                };
            } else {
                d = Duration.parse(value);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration (use 250ms, 5s, 15m, 1h, 2d or PT5S)");
        }
        if (d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("longer than " + format(LONGEST));
        }
        return d;
    }
}
