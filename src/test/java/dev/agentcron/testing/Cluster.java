package dev.agentcron.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Several agentcron processes sharing one PostgreSQL database, and SQL for auditing what they did. */
public final class Cluster implements AutoCloseable {

    public static final String KEY = "cluster-key";

    private final String url;
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, ServerProcess> nodes = new LinkedHashMap<>();

    public Cluster(String url, String lettaBaseUrl) {
        this.url = url;
        env.put("AGENTCRON_DB_URL", url);
        env.put("AGENTCRON_DB_USER", "postgres");
        env.put("AGENTCRON_PORT", "0");
        env.put("AGENTCRON_HOST", "127.0.0.1");
        env.put("AGENTCRON_API_KEY", KEY);
        env.put("AGENTCRON_LETTA_BASE_URL", lettaBaseUrl);
        env.put("AGENTCRON_LEASE_TTL", "4s");
        env.put("AGENTCRON_LEASE_RENEW", "1s");
        env.put("AGENTCRON_RETRY_BASE", "200ms");
        env.put("AGENTCRON_RETRY_MAX", "2s");
        env.put("AGENTCRON_MAX_ATTEMPTS", "30");
    }

    public ServerProcess start(String node) throws IOException {
        Map<String, String> nodeEnv = new HashMap<>(env);
        nodeEnv.put("AGENTCRON_NODE_ID", node);
        ServerProcess process = ServerProcess.start(nodeEnv);
        nodes.put(node, process);
        return process;
    }

    public ServerProcess node(String name) {
        return nodes.get(name);
    }

    public Api api(String node) {
        return new Api("http://127.0.0.1:" + nodes.get(node).port(), KEY);
    }

    public List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    /** Unexpired leases per node, by the database clock. */
    public Map<String, Integer> leases() throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        query("SELECT owner, count(*) FROM bucket_leases WHERE owner IS NOT NULL AND expires_at > now() GROUP BY owner",
                rs -> held.put(rs.getString(1), rs.getInt(2)));
        return held;
    }

    /** One number from the database. */
    public long count(String sql) throws SQLException {
        long[] n = new long[1];
        query(sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    public interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    public void query(String sql, Row row) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (ServerProcess node : nodes.values()) {
            try {
                node.signal("CONT");
            } catch (IllegalStateException | IOException e) {
                // already gone
            }
            node.close();
        }
    }
}
