package dev.agentcron.store;

import java.util.Optional;

/**
 * An open database: its store, and its bucket leases when several nodes can share it (PostgreSQL).
 * Closing it closes the store and its pool.
 */
public record Database(Store store, Optional<Leases> leases) implements AutoCloseable {

    @Override
    public void close() {
        store.close();
    }
}
