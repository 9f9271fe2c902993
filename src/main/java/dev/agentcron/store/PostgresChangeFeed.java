package dev.agentcron.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedule changes between nodes over PostgreSQL LISTEN/NOTIFY. Announcing uses the pool; listening holds one
 * connection of its own and reconnects after a database restart. A notification lost in between only delays
 * that schedule until the owner's next periodic load.
 */
final class PostgresChangeFeed implements ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(PostgresChangeFeed.class);
    private static final String CHANNEL = "agentcron_schedules";
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final DataSource pool;
    private final String url;
    private final Properties credentials;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closed = lock.newCondition();
    private volatile boolean open = true;

    PostgresChangeFeed(DataSource pool, String url, Properties credentials) {
        this.pool = pool;
        this.url = url;
        this.credentials = credentials;
    }

    @Override
    public void announce(String message) {
        try (Connection c = pool.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            notify.setString(1, message);
            notify.execute();
        } catch (SQLException e) {
            log.debug("cannot announce \"{}\": {}", message, e.toString());
        }
    }

    @Override
    public AutoCloseable listen(Consumer<String> onChange) {
        Thread listener = Thread.ofPlatform().daemon().name("agentcron-listen").start(() -> {
            while (open) {
                try (Connection c = DriverManager.getConnection(url, credentials)) {
                    try (Statement listen = c.createStatement()) {
                        listen.execute("LISTEN " + CHANNEL);
                    }
                    PGConnection pg = c.unwrap(PGConnection.class);
                    while (open) {
                        PGNotification[] notifications = pg.getNotifications(1000);
                        if (notifications != null) {
                            for (PGNotification n : notifications) {
                                onChange.accept(n.getParameter());
                            }
                        }
                    }
                } catch (SQLException e) {
                    if (open) {
                        log.warn("lost the change feed ({}); reconnecting", e.getMessage());
                        pause();
                    }
                }
            }
        });
        return () -> {
            close();
            listener.join(TimeUnit.SECONDS.toMillis(5));
        };
    }

    private void pause() {
        lock.lock();
        try {
            if (open) {
                closed.await(RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            open = false;
            closed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
