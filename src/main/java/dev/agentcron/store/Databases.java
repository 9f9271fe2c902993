package dev.agentcron.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/** Opens a database: builds the pool, applies the migrations of its dialect, and builds the store on them. */
public final class Databases {

    private Databases() {}

    /**
     * The embedded store: one SQLite file in {@code dataDir}, in WAL mode. With {@code synchronous=FULL} every
     * commit is on disk before it returns, so a {@code kill -9} or a power cut loses nothing committed.
     * Write transactions begin IMMEDIATE so that two writers queue on the busy timeout instead of failing
     * half-way with SQLITE_BUSY.
     */
    public static Database openSqlite(Path dataDir, String synchronous, ObjectMapper json) {
        return openSqlite(dataDir, synchronous, json, TransactionTimer.NONE);
    }

    /** As {@link #openSqlite(Path, String, ObjectMapper)}, timing every transaction with {@code timer}. */
    public static Database openSqlite(Path dataDir, String synchronous, ObjectMapper json, TransactionTimer timer) {
        Path file = dataDir.resolve("agentcron.db");
        createOwnerOnly(dataDir, file);
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
            Dialect dialect = new Dialect.Sqlite();
            migrate(dataSource, dialect);
            return new Database(new SqlStore(new Jdbc(dataSource, timer), dialect, new Rows(json), ChangeFeed.NONE, dataSource),
                    Optional.empty());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * The shared store: PostgreSQL at {@code url}. Several nodes may use it at once (cluster mode). Statements
     * time out after 30 s, and a transaction left idle longer than a tenth of {@code leaseTtl} is ended by the
     * server, so no node holds locks, the xmin horizon or a lease it lost for long.
     */
    public static Database openPostgres(String url, String user, String password, int poolSize, Duration leaseTtl, ObjectMapper json) {
        return openPostgres(url, user, password, poolSize, leaseTtl, json, TransactionTimer.NONE);
    }

    /** As {@link #openPostgres(String, String, String, int, Duration, ObjectMapper)}, timing every transaction. */
    public static Database openPostgres(String url, String user, String password, int poolSize, Duration leaseTtl, ObjectMapper json,
            TransactionTimer timer) {
        // A fire transaction confirms its leases with this long to spare, and the server ends one idle longer.
        Duration commitMargin = leaseTtl.dividedBy(10);
        HikariConfig config = new HikariConfig();
        config.setPoolName("agentcron-postgres");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.addDataSourceProperty("options", "-c statement_timeout=30000 -c idle_in_transaction_session_timeout="
                + Math.max(1, commitMargin.toMillis()));
        // Not reWriteBatchedInserts: it reports no per-row counts, and a fire must know whether its run was inserted.
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A restart of the database must not stop the node: the pool keeps trying instead of failing at start,
        // and a caller waits at most a few seconds for a connection, so the engine's loop moves on and retries.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Dialect dialect = new Dialect.Postgres(commitMargin);
            migrate(dataSource, dialect);
            Properties credentials = new Properties();
            if (user != null) {
                credentials.setProperty("user", user);
            }
            if (password != null) {
                credentials.setProperty("password", password);
            }
            Store store = new SqlStore(new Jdbc(dataSource, timer), dialect, new Rows(json),
                    new PostgresChangeFeed(dataSource, url, credentials), dataSource);
            return new Database(store, Optional.of(new PostgresLeases(dataSource)));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Creates the data directory and the database file readable by their owner only (the file holds key
     * hashes, the callback secret and every agent's answers); SQLite gives its WAL files the file's mode.
     * What exists already is left as the operator set it.
     */
    private static void createOwnerOnly(Path dataDir, Path file) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dataDir)) {
                if (posix) {
                    Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dataDir);
                }
            }
            if (posix && !Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static void migrate(HikariDataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations().toArray(String[]::new))
                .table("schema_migrations")
                .load()
                .migrate();
    }
}
