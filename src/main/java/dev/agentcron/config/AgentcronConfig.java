package dev.agentcron.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The whole configuration, built once by {@link ConfigLoader} and never changed. Every key is an
 * environment variable (or the same name in the file named by {@code AGENTCRON_CONFIG}); the README's table
 * lists them all.
 *
 * @param host interface to listen on ({@code AGENTCRON_HOST}, default {@code 0.0.0.0})
 * @param port HTTP port ({@code AGENTCRON_PORT}, default 8285)
 * @param basePath the path prefix every route is served under ({@code AGENTCRON_BASE_PATH}), for a reverse proxy
 *     that forwards {@code /agentcron/...} as it is; empty (the default) serves at the root
 * @param dataDir where the SQLite file lives ({@code AGENTCRON_DATA_DIR}, default {@code ./data})
 * @param apiKey an admin API key to accept; when absent a key is generated on first start and printed once
 * @param sqliteSynchronous {@code FULL} (default: a commit survives power loss) or {@code NORMAL} (survives a
 *     process crash only, several times faster on slow disks)
 * @param allowedTargetHosts hosts that callbacks may reach even though they are private or loopback
 * @param routing the runners that start agent runs, and which run goes to which
 * @param maxBodyBytes largest request body accepted; larger gets 413
 * @param limits what one key or one owner may do, so that no client can exhaust the server
 */
public record AgentcronConfig(
        String host,
        int port,
        String basePath,
        Path dataDir,
        String apiKey,
        String sqliteSynchronous,
        Database database,
        Letta letta,
        Callbacks callbacks,
        Engine engine,
        RoutingConfig routing,
        Set<String> allowedTargetHosts,
        long maxBodyBytes,
        Duration shutdownGrace,
        Limits limits,
        LogFormat logFormat) {

    /** How log lines are written to standard error ({@code AGENTCRON_LOG_FORMAT}). */
    public enum LogFormat { TEXT, JSON }

    /**
     * @param maxAnswerBytes most of an agent's or callback target's answer read and kept ({@code AGENTCRON_MAX_ANSWER_BYTES})
     * @param requestsPerSecond each key's sustained request rate per node ({@code AGENTCRON_RATE_LIMIT})
     * @param burst requests a key may make at once before the rate applies ({@code AGENTCRON_RATE_BURST})
     * @param maxSchedules schedules one owner (user or team) may have ({@code AGENTCRON_MAX_SCHEDULES})
     * @param minInterval shortest time between two fires of one schedule ({@code AGENTCRON_MIN_INTERVAL})
     */
    public record Limits(int maxAnswerBytes, int requestsPerSecond, int burst, int maxSchedules, Duration minInterval) {}

    /**
     * The shared store. When {@code url} is null the embedded SQLite file is used and the node runs alone.
     *
     * @param url {@code AGENTCRON_DB_URL}, {@code jdbc:postgresql://host:5432/db}
     * @param poolSize connections per node ({@code AGENTCRON_DB_POOL_SIZE})
     * @param nodeId this node's name in the lease table ({@code AGENTCRON_NODE_ID}); unique per process
     * @param leaseTtl how long a bucket lease lasts unrenewed: the longest a dead node's schedules wait
     * @param leaseRenew how often leases are renewed and rebalanced
     */
    public record Database(String url, String user, String password, int poolSize, String nodeId, Duration leaseTtl,
            Duration leaseRenew) {
        public boolean isShared() {
            return url != null;
        }
    }

    /**
     * @param baseUrl Letta-compatible server that scheduled messages go to
     * @param token Bearer token for it; never logged or returned
     * @param timeout how long one delivery may wait for the agent's answer (agents may take many steps)
     */
    public record Letta(URI baseUrl, String token, Duration timeout) {}

    /**
     * @param secret HMAC key for Standard Webhooks signatures; generated and stored when absent
     * @param previousSecret during a rotation, the secret being retired: callbacks carry a signature by each
     *     until it is unset; null otherwise
     * @param timeout how long one callback attempt may take
     * @param maxAttempts attempts before a callback is marked failed
     */
    public record Callbacks(String secret, String previousSecret, Duration timeout, int maxAttempts) {}

    /**
     * @param lookahead how far ahead schedules are loaded into memory (2-5 s keeps memory small and fires exact)
     * @param catchUpWindow how late an occurrence may still fire after downtime
     * @param maxAttempts delivery attempts per run before it fails
     * @param retryBase first retry delay; doubles per attempt, with jitter
     * @param retryMax longest retry delay
     * @param maxConcurrentDeliveries deliveries in flight at once across all agents
     * @param retention how long finished runs and their callbacks are kept ({@code AGENTCRON_RUN_RETENTION})
     */
    public record Engine(Duration lookahead, Duration catchUpWindow, int maxAttempts, Duration retryBase, Duration retryMax,
            int maxConcurrentDeliveries, Duration retention) {}
}
