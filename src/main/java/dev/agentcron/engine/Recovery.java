package dev.agentcron.engine;

import dev.agentcron.domain.Run;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node's claim and picks up what a previous holder of its buckets left: runs written but not
 * finished are delivered again with their run ids, callbacks not yet delivered are sent. Buckets lost leave
 * the queue. Engine thread only.
 */
public final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final Store store;
    private final Dispatcher dispatcher;
    private final CallbackOutbox callbacks;
    private final DueQueue queue;
    /** The claim last followed; null before the first. */
    private Claim last;

    public Recovery(Store store, Dispatcher dispatcher, CallbackOutbox callbacks, DueQueue queue) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.callbacks = callbacks;
        this.queue = queue;
    }

    /**
     * Moves to {@code claim}: the first claim recovers everything it covers; later ones recover the buckets
     * gained (or held under a new epoch, so taken back after being lost) and forget the buckets lost.
     *
     * @return whether the claim changed (the engine then loads afresh)
     */
    boolean follow(Claim claim) {
        if (claim.equals(last)) {
            return false;
        }
        if (last == null || last.coversAll() != claim.coversAll()) {
            recover(claim);
        } else if (!claim.coversAll()) {
            Map<Integer, Long> gained = new HashMap<>();
            claim.epochs().forEach((bucket, epoch) -> {
                if (!epoch.equals(last.epochs().get(bucket))) {
                    gained.put(bucket, epoch);
                }
            });
            Set<Integer> lost = new HashSet<>(last.buckets());
            lost.removeAll(claim.buckets());
            queue.removeBuckets(lost);
            if (!gained.isEmpty()) {
                recover(new Claim(claim.node(), gained));
            }
        }
        last = claim;
        return true;
    }

    private void recover(Claim claim) {
        List<Run> unfinished = store.findUnfinishedRuns(Integer.MAX_VALUE, claim);
        unfinished.forEach(dispatcher::submit);
        List<CallbackRecord> pending = store.findPendingCallbacks(Integer.MAX_VALUE, claim);
        pending.forEach(callbacks::enqueue);
        if (!unfinished.isEmpty() || !pending.isEmpty()) {
            log.info("recovered {} unfinished runs and {} pending callbacks", unfinished.size(), pending.size());
        }
    }
}
