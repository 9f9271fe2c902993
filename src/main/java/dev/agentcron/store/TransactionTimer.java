package dev.agentcron.store;

/** Told how long each store transaction took, in nanoseconds, for the store latency metric. */
public interface TransactionTimer {

    void took(long nanos);

    TransactionTimer NONE = nanos -> {};
}
