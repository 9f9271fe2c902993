package dev.agentcron.domain.cron;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cron expression: classic 5-field (minute precision), 6-field with a leading seconds field, or one
 * of the {@code @hourly}-style macros. Parsing is cron-utils'; this class adds the time-zone rule.
 *
 * <p>Matching is done on wall-clock time, then each matching wall time is placed on the time line of the
 * zone: a wall time that does not exist (inside a spring-forward gap) fires at the first instant after the
 * gap; a wall time that occurs twice (fall-back overlap) fires once, at its first occurrence. Several wall
 * times inside one gap therefore collapse into a single fire at the end of the gap.
 */
public final class CronExpression {

    private static final CronParser FIVE_FIELDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(sixFieldDefinition());
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    /** Wall times are matched in a zone without transitions; the real zone is applied afterwards. */
    private static final ZoneId WALL = ZoneOffset.UTC;
    /** Bounds the search when many wall times in a row map to instants already passed (DST overlap). */
    private static final int MAX_SKIPS = 10_000;

    private final String text;
    private final int fields;
    private final Cron cron;
    private final ExecutionTime executionTime;

    private CronExpression(String text, int fields, Cron cron) {
        this.text = text;
        this.fields = fields;
        this.cron = cron;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** The expression in plain English, such as "at 09:00 every day between Monday and Friday". */
    public String describe() {
        return CronDescriptor.instance(Locale.UK).describe(cron);
    }

    /**
     * A fire and the wall time that matched it. {@code shifted} says how the DST rule placed it: {@code GAP}
     * when the wall time did not exist (it fires at the end of the gap), {@code OVERLAP} when it occurred
     * twice (it fires once, at the first), {@code NONE} otherwise.
     */
    public record Match(LocalDateTime wall, Instant at, Shift shifted) {}

    /** How a wall time was placed on the time line. */
    public enum Shift { NONE, GAP, OVERLAP }

    /** Like {@link #nextAfter}, telling which wall time matched and whether the DST rule moved it. */
    public Optional<Match> nextMatch(Instant after, ZoneId zone) {
        return nextAfter(after, zone).map(at -> {
            ZoneRules rules = zone.getRules();
            // A fire at the end of a gap may stand for a wall time inside it: find the first that matched.
            ZoneOffsetTransition gap = rules.previousTransition(at.plusMillis(1));
            if (gap != null && gap.isGap() && gap.getInstant().equals(at)) {
                Optional<ZonedDateTime> matched = executionTime.nextExecution(gap.getDateTimeBefore().minusSeconds(1).atZone(WALL));
                if (matched.isPresent() && matched.get().toLocalDateTime().isBefore(gap.getDateTimeAfter())) {
                    return new Match(matched.get().toLocalDateTime(), at, Shift.GAP);
                }
            }
            LocalDateTime wall = LocalDateTime.ofInstant(at, zone);
            return new Match(wall, at, rules.getValidOffsets(wall).size() == 2 ? Shift.OVERLAP : Shift.NONE);
        });
    }

    /**
     * Parses {@code text}.
     *
     * @throws InvalidCronException naming what is wrong
     */
    public static CronExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new InvalidCronException("cron expression is empty");
        }
        String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        if (expanded.startsWith("@")) {
            throw new InvalidCronException("unknown macro \"" + trimmed + "\"; use one of " + MACROS.keySet());
        }
        int fields = expanded.split("\\s+").length;
        CronParser parser = switch (fields) {
            case 5 -> FIVE_FIELDS;
            case 6 -> SIX_FIELDS;
            default -> throw new InvalidCronException(
                    "cron expression must have 5 fields (minute hour day-of-month month day-of-week)"
                            + " or 6 with leading seconds, got " + fields + " in \"" + trimmed + "\"");
        };
        try {
            return new CronExpression(trimmed, fields, parser.parse(expanded));
        } catch (IllegalArgumentException e) {
            throw new InvalidCronException("invalid cron expression \"" + trimmed + "\": " + e.getMessage());
        }
    }

    /** The expression as the user wrote it. */
    public String text() {
        return text;
    }

    /** 5 for minute precision, 6 when the expression has a seconds field. */
    public int fieldCount() {
        return fields;
    }

    /** The first fire strictly after {@code after}, with wall times read in {@code zone}. */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        // Cron has whole seconds; cron-utils would carry a fraction of a second into its answer.
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < MAX_SKIPS; i++) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(wall.atZone(WALL));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            wall = next.get().toLocalDateTime();
            Instant candidate = place(wall, rules);
            if (candidate.isAfter(after)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Places a wall time on the time line: gaps move to the gap's end, overlaps take the earlier offset. */
    static Instant place(LocalDateTime wall, ZoneRules rules) {
        var offsets = rules.getValidOffsets(wall);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(wall);
            return gap.getInstant();
        }
        return wall.toInstant(offsets.get(0));
    }

    private static CronDefinition sixFieldDefinition() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().and()
                .withMinutes().and()
                .withHours().and()
                .withDayOfMonth().and()
                .withMonth().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).and()
                .instance();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
