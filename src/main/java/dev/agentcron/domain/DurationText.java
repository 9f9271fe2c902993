package dev.agentcron.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration written as {@code 250ms}, {@code 5s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT5S}. */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

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

    public static Duration parse(String text) {
        String value = text.trim();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("pattern allows only the units above");
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (use 250ms, 5s, 15m, 1h, 2d or PT5S)");
        }
    }
}
