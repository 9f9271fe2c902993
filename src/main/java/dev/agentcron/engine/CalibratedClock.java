package dev.agentcron.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local clock moved onto the database's time line, so that a node whose clock is ahead never fires
 * early. The offset is a lower bound: at the moment the answer arrived the database clock read at least what
 * it returned, so {@code local + offset} is never ahead of the database.
 */
public final class CalibratedClock implements InstantSource {

    private final InstantSource local;
    private final AtomicLong offsetMillis = new AtomicLong();

    public CalibratedClock(InstantSource local) {
        this.local = local;
    }

    @Override
    public Instant instant() {
        return local.instant().plusMillis(offsetMillis.get());
    }

    /** Records that the database read {@code databaseNow} no later than the local instant {@code localAfter}. */
    void calibrate(Instant databaseNow, Instant localAfter) {
        offsetMillis.set(databaseNow.toEpochMilli() - localAfter.toEpochMilli());
    }

    long offsetMillis() {
        return offsetMillis.get();
    }

    InstantSource local() {
        return local;
    }
}
