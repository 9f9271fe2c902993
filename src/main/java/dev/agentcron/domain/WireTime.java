package dev.agentcron.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times on the wire: RFC 3339, UTC, always three fractional digits and {@code Z}, as JavaScript's
 * {@code toISOString()} writes them. ({@code Instant.toString()} drops zero milliseconds.)
 */
public final class WireTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {}

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
