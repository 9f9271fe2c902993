package dev.agentcron.domain;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;

/**
 * Makes ids that sort by creation time (UUIDv7 layout: 48-bit millisecond timestamp, then randomness), so
 * that {@code after=<id>} cursors keep working when the item they name is gone. Within one millisecond the
 * random tail is incremented instead of redrawn, so ids from one process are strictly increasing.
 */
public final class IdGenerator {

    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long lastTail;

    public IdGenerator(InstantSource clock) {
        this.clock = clock;
    }

    public synchronized String next(String prefix) {
        long millis = Math.max(clock.millis(), lastMillis);
        if (millis == lastMillis) {
            lastTail++;
        } else {
            lastMillis = millis;
            lastTail = random.nextLong() >>> 2; // leave headroom so increments never overflow the 62 bits
        }
        long high = (millis << 16) | 0x7000L | ((lastTail >>> 50) & 0x0FFFL);
        long low = 0x8000_0000_0000_0000L | (lastTail & 0x3FFF_FFFF_FFFF_FFFFL);
        String hex = HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
        return prefix + hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-'
                + hex.substring(16, 20) + '-' + hex.substring(20);
    }
}
