package dev.agentcron.domain.cron;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.Optional;

/**
 * An independent, deliberately naive cron evaluator for property tests: it walks calendar days one by one
 * and every hour, minute and second of a matching day, in wall time, and places each match with the DST
 * rule stated plainly (gap: the end of the gap; overlap: the earlier offset). Numeric fields only.
 */
final class BruteForceCron {

    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    BruteForceCron(String expression) {
        String[] f = expression.trim().split("\\s+");
        int o = f.length == 6 ? 1 : 0;
        seconds = o == 1 ? field(f[0], 0, 59) : single(0);
        minutes = field(f[o], 0, 59);
        hours = field(f[o + 1], 0, 23);
        daysOfMonth = field(f[o + 2], 1, 31);
        months = field(f[o + 3], 1, 12);
        BitSet dow = field(f[o + 4], 0, 7);
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        domRestricted = !f[o + 2].equals("*");
        dowRestricted = !f[o + 4].equals("*");
    }

    Optional<Instant> nextAfter(Instant after, ZoneId zone, int maxDays) {
        ZoneRules rules = zone.getRules();
        LocalDate day = LocalDate.ofInstant(after, zone).minusDays(1);
        for (int i = 0; i < maxDays; i++, day = day.plusDays(1)) {
            if (!months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    for (int s = seconds.nextSetBit(0); s >= 0; s = seconds.nextSetBit(s + 1)) {
                        LocalDateTime wall = day.atTime(h, m, s);
                        Instant placed = rules.getValidOffsets(wall).isEmpty()
                                ? rules.getTransition(wall).getInstant()
                                : ZonedDateTime.ofLocal(wall, zone, null).withEarlierOffsetAtOverlap().toInstant();
                        if (placed.isAfter(after)) {
                            return Optional.of(placed);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        // Classic (Vixie) cron: when both day fields are restricted, either one matching is enough.
        return domRestricted && dowRestricted ? dom || dow : dom && dow;
    }

    private static BitSet single(int value) {
        BitSet set = new BitSet();
        set.set(value);
        return set;
    }

    private static BitSet field(String text, int min, int max) {
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }
}
