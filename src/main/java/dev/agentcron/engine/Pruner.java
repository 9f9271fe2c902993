package dev.agentcron.engine;

import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes history older than the retention in small batches, only when nothing is due, so pruning never
 * delays a fire or holds a long transaction; a full batch brings the next one forward.
 */
public final class Pruner {

    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    static final int BATCH = 1_000;
    static final Duration EVERY = Duration.ofMinutes(10);

    private final Duration retention;
    private final Store store;
    private Instant nextPruneAt = Instant.MIN;

    /** @param retention how long finished runs (and their callbacks) are kept */
    public Pruner(Duration retention, Store store) {
        this.retention = retention;
        this.store = store;
    }

    void pruneIfDue(Instant now, Claim claim) {
        if (now.isBefore(nextPruneAt)) {
            return;
        }
        try {
            int deleted = store.prune(now.minus(retention), BATCH, claim);
            nextPruneAt = deleted >= BATCH ? now.plusMillis(100) : now.plus(EVERY);
        } catch (RuntimeException e) {
            log.warn("pruning failed; trying again in {}: {}", EVERY, e.toString());
            nextPruneAt = now.plus(EVERY);
        }
    }
}
