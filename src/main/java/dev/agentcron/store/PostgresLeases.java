package dev.agentcron.store;

import dev.agentcron.domain.Buckets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link Leases} over the {@code bucket_leases} and {@code nodes} tables; the SQL of cluster mode, in one place. */
final class PostgresLeases implements Leases {

    /** Heartbeat and renewal, answering with what is held, the database clock and the live nodes, in one statement. */
    private static final String HEARTBEAT_AND_RENEW = """
            WITH beat AS (
                INSERT INTO nodes (id, heartbeat_at, started_at) VALUES (:node, now(), now())
                ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
                RETURNING id),
            renewed AS (
                UPDATE bucket_leases SET expires_at = now() + make_interval(secs => :ttl_ms / 1000.0)
                WHERE owner = :node AND expires_at > now()
                RETURNING bucket, epoch)
            SELECT r.bucket, r.epoch, now() AS db_now,
                   (SELECT count(*) FROM nodes
                    WHERE id <> :node AND heartbeat_at > now() - make_interval(secs => :ttl_ms / 1000.0)) + 1 AS live
            FROM (SELECT 1) AS one LEFT JOIN renewed r ON true
            """;

    private static final String ACQUIRE = """
            UPDATE bucket_leases SET owner = :node, epoch = epoch + 1,
                                     expires_at = now() + make_interval(secs => :ttl_ms / 1000.0)
            WHERE bucket IN (SELECT bucket FROM bucket_leases WHERE expires_at <= now()
                             ORDER BY random() LIMIT :wanted FOR UPDATE SKIP LOCKED)
            RETURNING bucket, epoch
            """;

    private static final String GIVE_BACK = """
            UPDATE bucket_leases SET owner = NULL, expires_at = now()
            WHERE owner = :node AND bucket IN (:buckets)
            """;

    private static final String RELEASE_ALL = "UPDATE bucket_leases SET owner = NULL, expires_at = now() WHERE owner = :node";

    private static final String FORGET_NODE = "DELETE FROM nodes WHERE id = :node";

    private static final String FORGET_DEAD_NODES = "DELETE FROM nodes WHERE heartbeat_at < now() - interval '1 day'";

    private static final String CREATE_BUCKETS = """
            INSERT INTO bucket_leases (bucket) SELECT g FROM generate_series(0, :count - 1) AS g ON CONFLICT DO NOTHING
            """;

    private final Jdbc jdbc;

    PostgresLeases(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, TransactionTimer.NONE);
        jdbc.inTransaction(tx -> {
            tx.update(CREATE_BUCKETS, Params.create().with("count", Buckets.COUNT));
            return tx.update(FORGET_DEAD_NODES, Params.create());
        });
    }

    @Override
    public Tick tick(String node, Duration ttl) {
        return jdbc.inTransaction(tx -> {
            Params params = Params.create().with("node", node).with("ttl_ms", ttl.toMillis());
            Map<Integer, Long> held = new HashMap<>();
            Instant[] now = new Instant[1];
            int[] live = new int[1];
            tx.query(HEARTBEAT_AND_RENEW, params, rs -> {
                int bucket = rs.getInt("bucket");
                if (!rs.wasNull()) {
                    held.put(bucket, rs.getLong("epoch"));
                }
                now[0] = rs.getTimestamp("db_now").toInstant();
                live[0] = rs.getInt("live");
                return null;
            });
            int share = (Buckets.COUNT + live[0] - 1) / live[0];
            if (held.size() < share) {
                tx.query(ACQUIRE, params.with("wanted", share - held.size()), rs -> held.put(rs.getInt("bucket"), rs.getLong("epoch")));
            } else if (held.size() > share) {
                List<Integer> extra = held.keySet().stream().sorted().skip(share).toList();
                tx.update(GIVE_BACK, Params.create().with("node", node).with("buckets", extra));
                extra.forEach(held::remove);
            }
            return new Tick(Map.copyOf(held), now[0], live[0]);
        });
    }

    @Override
    public void release(String node) {
        jdbc.inTransaction(tx -> {
            tx.update(RELEASE_ALL, Params.create().with("node", node));
            return tx.update(FORGET_NODE, Params.create().with("node", node));
        });
    }
}
