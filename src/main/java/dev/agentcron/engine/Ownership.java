package dev.agentcron.engine;

import dev.agentcron.store.Claim;

/** Which buckets this node may fire right now. */
public interface Ownership {

    Claim claim();

    /** One process over an embedded store: every bucket, always. */
    Ownership SINGLE_NODE = () -> Claim.ALL;
}
