package dev.agentcron.store;

import java.time.Duration;
import dev.agentcron.api.Json;
import dev.agentcron.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class PostgresStoreTest extends StoreContract {

    private String url;

    @Override
    protected Store newStore(Path dir) {
        url = PostgresServer.newDatabase();
        return Databases.openPostgres(url, "postgres", null, 5, Duration.ofSeconds(15), Json.mapper()).store();
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", null);
    }
}
