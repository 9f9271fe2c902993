package dev.agentcron.testing;

import java.time.Duration;
import dev.agentcron.api.Json;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import java.nio.file.Path;

/** Real stores on temporary files. */
public final class TestStores {

    private TestStores() {}

    public static Store sqlite(Path dir) {
        return Databases.openSqlite(dir, "FULL", Json.mapper()).store();
    }

    /** A store on a fresh database of the shared test PostgreSQL server. */
    public static Store postgres() {
        return Databases.openPostgres(PostgresServer.newDatabase(), "postgres", null, 5, Duration.ofSeconds(15), Json.mapper()).store();
    }
}
