package dev.agentcron.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times on the wire: RFC 3339, UTC, always three fractional digits and {@code Z}, as JavaScript's
 * {@code toISOString()} writes them. ({@code Instant.toString()} drops zero milliseconds.)
 */
public final class WireTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The earliest instant agentcron takes: the Unix epoch. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest: the end of year 9999, so every instant taken fits epoch milliseconds with room for arithmetic. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private WireTime() {}

    /**
     * An RFC 3339 time, such as {@code 2026-01-31T09:00:00Z}, between {@link #EARLIEST} and {@link #LATEST}.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not one
     */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("must be an RFC 3339 time such as 2026-01-31T09:00:00Z");
        }
        return inRange(instant);
    }

    /** {@code instant} when it is between {@link #EARLIEST} and {@link #LATEST}. */
    public static Instant inRange(Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        }
        return instant;
    }

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
