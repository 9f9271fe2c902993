package dev.agentcron.store;

import dev.agentcron.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class SqliteStoreTest extends StoreContract {

    private Path file;

    @Override
    protected Store newStore(Path dir) {
        file = dir.resolve("agentcron.db");
        return TestStores.sqlite(dir);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }
}
