package dev.agentcron.store;

import dev.agentcron.testing.TestStores;
import java.nio.file.Path;

class SqliteStoreTest extends StoreContract {
    @Override
    protected Store newStore(Path dir) {
        return TestStores.sqlite(dir);
    }
}
