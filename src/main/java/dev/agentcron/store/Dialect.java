package dev.agentcron.store;

import java.time.Duration;
import java.util.List;

/**
 * The few things SQLite and PostgreSQL say differently; everything else is one text in {@link Sql}. Each
 * method returns a whole statement, never a fragment to splice.
 */
sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres {

    /** Flyway locations: the common base, then this database's own files. */
    List<String> migrations();

    /** Locks a group of schedules for a fire, leaving rows another node is firing at this moment to it. */
    String lockForFire();

    /**
     * Moves each schedule of a fire group to its next fire if it still has the version loaded, fenced by the
     * caller's lease ({@code :fence_node}, {@code :fence_epoch}; a null node is the single-node claim, unfenced).
     */
    GroupWrite advanceSchedules();

    /** Inserts a fire group's runs ({@link Rows#runParams} with {@code :fired_by}); an occurrence already run is skipped. */
    GroupWrite insertRuns();

    /** Inserts the pending marks of a fire group's runs ({@link Rows#pendingParams}). */
    GroupWrite insertPendingRuns();

    /** Writes the ends of a group of runs still unfinished. */
    GroupWrite finishRuns();

    /** Deletes the pending marks of a group of runs ({@code :id}). */
    GroupWrite deletePendingRuns();

    /**
     * Makes the rest of the transaction find rows by key, one index probe each, or null where that is already
     * so. A group write joins a few hundred keys to a table of any size; PostgreSQL, with statistics taken while
     * the table was small (right after a bulk create), would scan the whole table for each group instead.
     */
    String findRowsByKey();

    /** Reads and locks the last-run columns of a group of schedules, in id order (so two writers cannot deadlock). */
    String lockLastRuns();

    /**
     * The last statement of a fenced fire transaction: the leases of {@code :buckets} that {@code :node} still
     * holds with time to spare, locked in share mode so no other node can take them before this commits; null
     * where no other node can share the store. The caller compares the epochs with its claim.
     */
    String confirmLeases();

    /** How long the lease must still run when a fire transaction confirms it: longer than it may then sit idle. */
    Duration commitMargin();

    /** SQLite: one writer at a time (transactions begin IMMEDIATE), so a plain read is already a lock. */
    record Sqlite() implements Dialect {
        @Override
        public List<String> migrations() {
            return List.of("classpath:db/common");
        }

        @Override
        public String lockForFire() {
            return "SELECT id FROM schedules WHERE id IN (:ids)";
        }

        @Override
        public GroupWrite advanceSchedules() {
            return GroupWrite.perRow("""
                    UPDATE schedules SET next_fire_at = :next_fire_at, state = :state, version = version + 1
                    WHERE id = :id AND version = :version AND state = 'active'
                    """, "id");
        }

        @Override
        public GroupWrite insertRuns() {
            return GroupWrite.perRow(Sql.INSERT_RUN, "id");
        }

        @Override
        public GroupWrite insertPendingRuns() {
            return GroupWrite.perRow(Sql.INSERT_PENDING_RUN, "id");
        }

        @Override
        public GroupWrite finishRuns() {
            return GroupWrite.perRow(Sql.FINISH_RUN, "id");
        }

        @Override
        public GroupWrite deletePendingRuns() {
            return GroupWrite.perRow(Sql.DELETE_PENDING_RUN, "id");
        }

        @Override
        public String confirmLeases() {
            return null;
        }

        @Override
        public String findRowsByKey() {
            return null;
        }

        @Override
        public Duration commitMargin() {
            return Duration.ZERO;
        }

        @Override
        public String lockLastRuns() {
            return "SELECT id, state, last_ran_at, last_spawn_error, failures_in_a_row, paused_reason FROM schedules" +
                    " WHERE id IN (:ids) ORDER BY id";
        }
    }

    /**
     * PostgreSQL: row locks, and the lease fence checked against the database clock inside the write and again
     * as its last statement, under a share lock on the lease rows.
     *
     * @param commitMargin the session's {@code idle_in_transaction_session_timeout}: a fire transaction that
     *     sits idle longer (its node froze) is ended by the server, and one that confirms its leases with at
     *     least this long left therefore commits, if at all, while they still hold
     */
    record Postgres(Duration commitMargin) implements Dialect {
        @Override
        public List<String> migrations() {
            return List.of("classpath:db/common", "classpath:db/postgres");
        }

        @Override
        public String lockForFire() {
            return "SELECT id FROM schedules WHERE id IN (:ids) FOR UPDATE SKIP LOCKED";
        }

        @Override
        public GroupWrite advanceSchedules() {
            return GroupWrite.fromArrays("""
                    UPDATE schedules SET next_fire_at = a.next_fire_at, state = a.state, version = schedules.version + 1
                    FROM unnest(:id, :version, :next_fire_at, :state, :fence_node, :fence_epoch)
                         AS a(id, version, next_fire_at, state, fence_node, fence_epoch)
                    WHERE schedules.id = a.id AND schedules.version = a.version AND schedules.state = 'active'
                      AND (a.fence_node IS NULL OR EXISTS (
                            SELECT 1 FROM bucket_leases l
                            WHERE l.bucket = schedules.bucket AND l.owner = a.fence_node AND l.epoch = a.fence_epoch
                              AND l.expires_at > now()))
                    RETURNING schedules.id
                    """, "id");
        }

        @Override
        public GroupWrite insertRuns() {
            return GroupWrite.fromArrays(Sql.INSERT_RUNS_FROM_ARRAYS, "id");
        }

        @Override
        public GroupWrite insertPendingRuns() {
            return GroupWrite.fromArrays(Sql.INSERT_PENDING_RUNS_FROM_ARRAYS, "id");
        }

        @Override
        public GroupWrite finishRuns() {
            return GroupWrite.fromArrays(Sql.FINISH_RUNS_FROM_ARRAYS, "id");
        }

        @Override
        public GroupWrite deletePendingRuns() {
            return GroupWrite.fromArrays(Sql.DELETE_PENDING_RUNS_FROM_ARRAYS, "id");
        }

        @Override
        public String confirmLeases() {
            return """
                    SELECT bucket, epoch FROM bucket_leases
                    WHERE bucket IN (:buckets) AND owner = :node
                      AND expires_at > clock_timestamp() + make_interval(secs => :margin_ms / 1000.0)
                    FOR SHARE""";
        }

        @Override
        public String findRowsByKey() {
            return "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),"
                    + " set_config('enable_mergejoin', 'off', true)";
        }

        @Override
        public String lockLastRuns() {
            return """
                    SELECT id, state, last_ran_at, last_spawn_error, failures_in_a_row, paused_reason FROM schedules
                    WHERE id IN (:ids)
                    ORDER BY id FOR UPDATE""";
        }
    }

}
