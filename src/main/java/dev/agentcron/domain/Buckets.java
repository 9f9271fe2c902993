package dev.agentcron.domain;

/**
 * Schedules hash into a fixed number of buckets; in cluster mode each bucket is fired by the one node that
 * holds its lease. The count is fixed because a schedule's bucket is stored with it; 256 buckets spread well
 * over tens of nodes while keeping the lease table tiny (see docs/scaling.md).
 */
public final class Buckets {

    private static final int BITS = 8;
    public static final int COUNT = 1 << BITS;

    private Buckets() {}

    /**
     * The bucket of an id: the top bits of its Fibonacci-hashed {@link String#hashCode()}, which is specified,
     * so every JVM agrees.
     */
    public static int of(String id) {
        return (id.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - BITS);
    }

    public static int of(Schedule schedule) {
        return of(schedule.id().value());
    }

    /** A run is in its schedule's bucket; a run without a schedule hashes its own id. */
    public static int of(Run run) {
        return of(run.scheduleId() != null ? run.scheduleId().value() : run.id().value());
    }
}
