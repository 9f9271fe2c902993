package dev.agentcron.store;

import dev.agentcron.testing.TestStores;
import java.nio.file.Path;

class PostgresStoreTest extends StoreContract {
    @Override
    protected Store newStore(Path dir) {
        return TestStores.postgres();
    }
}
