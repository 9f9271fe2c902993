package dev.agentcron.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Bucket leases for cluster mode, timed by the database clock. A node holds a bucket while its lease has
 * not expired; taking a bucket bumps its epoch, which is what fences the previous holder's late writes.
 */
public interface Leases {

    /**
     * One keeper step, in one transaction: heartbeat, renew this node's unexpired leases, and move towards a
     * fair share of the buckets among the live nodes: take free or expired ones when below it, give back the
     * highest when above it.
     */
    Tick tick(String node, Duration ttl);

    /**
     * What the node holds after a tick.
     *
     * @param held bucket to epoch
     * @param databaseNow the database clock, read in the same transaction
     * @param liveNodes nodes whose heartbeat is younger than the lease time, this one included
     */
    record Tick(Map<Integer, Long> held, Instant databaseNow, int liveNodes) {}

    /** Gives back every lease of {@code node} and forgets it, so others take over at once (graceful stop). */
    void release(String node);
}
