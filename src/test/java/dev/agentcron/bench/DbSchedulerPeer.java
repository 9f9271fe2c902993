package dev.agentcron.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The same burst through db-scheduler (lock-and-fetch polling, its fastest mode, 50 threads, 100 ms poll) on
 * its own table in the same PostgreSQL, so the benchmark reports a ratio, not a number alone.
 */
final class DbSchedulerPeer {

    private static final String TABLE = """
            CREATE TABLE scheduled_tasks (
              task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
              execution_time timestamp with time zone NOT NULL, picked BOOLEAN NOT NULL, picked_by text,
              last_success timestamp with time zone, last_failure timestamp with time zone,
              consecutive_failures INT, last_heartbeat timestamp with time zone, version BIGINT NOT NULL,
              priority SMALLINT, PRIMARY KEY (task_name, task_instance));
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    private DbSchedulerPeer() {}

    /** Executions per second for {@code count} one-time tasks all due now. */
    static double burst(String url, int count) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute(TABLE);
            }
            try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                    SELECT 'bench', 'i' || g, now(), false, 1, 0 FROM generate_series(1, ?) AS g""")) {
                insert.setInt(1, count);
                insert.execute();
            }
            AtomicLong done = new AtomicLong();
            OneTimeTask<Void> task = Tasks.oneTime("bench").execute((instance, context) -> done.incrementAndGet());
            Scheduler scheduler = Scheduler.create(dataSource, task)
                    .threads(50)
                    .pollingInterval(Duration.ofMillis(100))
                    .pollUsingLockAndFetch(1.0, 4.0)
                    .build();
            long start = System.nanoTime();
            scheduler.start();
            while (done.get() < count) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            scheduler.stop();
            return count / seconds;
        }
    }
}
