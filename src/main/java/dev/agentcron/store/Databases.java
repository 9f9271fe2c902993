package dev.agentcron.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** Opens a store: builds the pool, applies migrations, and pairs the pool with its dialect. */
public final class Databases {

    private Databases() {}

    /**
     * The embedded store: one SQLite file in {@code dataDir}, in WAL mode. With {@code synchronous=FULL} every
     * commit is on disk before it returns, so a {@code kill -9} or a power cut loses nothing committed.
     * Write transactions begin IMMEDIATE so that two writers queue on the busy timeout instead of failing
     * half-way with SQLITE_BUSY.
     */
    public static Store openSqlite(Path dataDir, String synchronous, ObjectMapper json) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("agentcron.db");
        HikariConfig config = new HikariConfig();
        config.setPoolName("agentcron-sqlite");
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", synchronous);
        config.addDataSourceProperty("busy_timeout", "30000");
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        config.addDataSourceProperty("foreign_keys", "true");
        // SQLite has one writer; a few connections let reads proceed beside it without piling up waiters.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, new SqliteQueries());
            return new SqlStore(dataSource, new SqliteQueries(), json, ChangeFeed.NONE);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * The shared store: PostgreSQL at {@code url}. Several nodes may use it at once (cluster mode). Statements
     * time out after 30 s so no query can hold locks or the xmin horizon for long.
     */
    public static Store openPostgres(String url, String user, String password, int poolSize, ObjectMapper json) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("agentcron-postgres");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.addDataSourceProperty("options", "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000");
        // Not reWriteBatchedInserts: it reports no per-row counts, and a fire must know whether its run was inserted.
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A restart of the database must not stop the node: the pool keeps trying instead of failing at start,
        // and a caller waits at most a few seconds for a connection, so the engine's loop moves on and retries.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, new PostgresQueries());
            java.util.Properties credentials = new java.util.Properties();
            if (user != null) {
                credentials.setProperty("user", user);
            }
            if (password != null) {
                credentials.setProperty("password", password);
            }
            return new SqlStore(dataSource, new PostgresQueries(), json, new PostgresChangeFeed(dataSource, url, credentials));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The lease table of a PostgreSQL store at {@code url}, for cluster mode. */
    public static Leases leases(Store store) {
        if (store instanceof SqlStore sql && sql.isPostgres()) {
            return new PostgresLeases(sql.dataSource());
        }
        throw new IllegalArgumentException("cluster leases need the PostgreSQL store");
    }

    private static void migrate(HikariDataSource dataSource, Queries dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + dialect.migrationsFolder())
                .table("schema_migrations")
                .load()
                .migrate();
    }
}
