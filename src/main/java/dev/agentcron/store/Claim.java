package dev.agentcron.store;

import java.util.Map;
import java.util.Set;

/**
 * The buckets a node may fire, with the lease epoch it holds for each. Fires are fenced by it: the fire
 * transaction commits only while the database still says this node holds that epoch of the bucket's lease and
 * the lease has not expired by the database clock.
 *
 * @param node null for the single-node claim on every bucket (the embedded store), which has no fence
 */
public record Claim(String node, Map<Integer, Long> epochs) {

    /** Every bucket, unfenced: one process over an embedded store. */
    public static final Claim ALL = new Claim(null, Map.of());

    public boolean coversAll() {
        return node == null;
    }

    public boolean covers(int bucket) {
        return coversAll() || epochs.containsKey(bucket);
    }

    public Set<Integer> buckets() {
        return epochs.keySet();
    }
}
