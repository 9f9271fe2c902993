package dev.agentcron.config;

import dev.agentcron.domain.DurationText;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds {@link AgentcronConfig} from the environment and, when {@code AGENTCRON_CONFIG} names one, a
 * properties file using the same key names; the environment wins. Fails fast with the key at fault: a bad
 * value is an error, never silently clamped.
 */
public final class ConfigLoader {

    private final Map<String, String> values;
    /** Every key this loader asked for: the keys agentcron knows. */
    private final Set<String> known = new TreeSet<>(Set.of("AGENTCRON_CONFIG"));

    private ConfigLoader(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Warnings for the {@code AGENTCRON_*} keys in {@code env} that agentcron does not know, each naming the known
     * key closest to it: a typo otherwise changes nothing, silently. Runner keys are checked by their own rules.
     */
    public static List<String> unknownKeys(Map<String, String> env) {
        Map<String, String> ours = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("AGENTCRON_")) {
                ours.put(k, v);
            }
        });
        ConfigLoader loader = new ConfigLoader(ours);
        try {
            loader.build();
        } catch (ConfigException invalid) {
            return List.of(); // loading says what is wrong, and stops; a guess at typos would only add noise
        }
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(ours.keySet())) {
            if (!loader.known.contains(key) && !key.startsWith("AGENTCRON_RUNNER_")) {
                warnings.add(key + " is not a setting of agentcron and is ignored; did you mean " + closest(key, loader.known) + "?");
            }
        }
        return warnings;
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: the edits that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Loads from {@code env} (normally {@code System.getenv()}). */
    public static AgentcronConfig load(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        String file = env.get("AGENTCRON_CONFIG");
        if (file != null && !file.isBlank()) {
            merged.putAll(readFile(Path.of(file)));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("AGENTCRON_")) {
                merged.put(k, v);
            }
        });
        return new ConfigLoader(merged).build();
    }

    private AgentcronConfig build() {
        return new AgentcronConfig(
                text("AGENTCRON_HOST", "0.0.0.0"),
                integer("AGENTCRON_PORT", 8285, 0, 65535),
                basePath("AGENTCRON_BASE_PATH"),
                Path.of(text("AGENTCRON_DATA_DIR", "./data")),
                secret("AGENTCRON_API_KEY"),
                oneOf("AGENTCRON_SQLITE_SYNCHRONOUS", "FULL", "FULL", "NORMAL", "EXTRA"),
                database(),
                new AgentcronConfig.Letta(
                        url("AGENTCRON_LETTA_BASE_URL", "http://localhost:8283"),
                        secret("AGENTCRON_LETTA_TOKEN"),
                        duration("AGENTCRON_LETTA_TIMEOUT", "120s")),
                new AgentcronConfig.Callbacks(
                        secret("AGENTCRON_CALLBACK_SECRET"),
                        secret("AGENTCRON_CALLBACK_SECRET_PREVIOUS"),
                        duration("AGENTCRON_CALLBACK_TIMEOUT", "10s"),
                        integer("AGENTCRON_CALLBACK_MAX_ATTEMPTS", 8, 1, 100)),
                new AgentcronConfig.Engine(
                        duration("AGENTCRON_LOOKAHEAD", "5s"),
                        duration("AGENTCRON_CATCH_UP_WINDOW", "1h"),
                        integer("AGENTCRON_MAX_ATTEMPTS", 5, 1, 100),
                        duration("AGENTCRON_RETRY_BASE", "1s"),
                        duration("AGENTCRON_RETRY_MAX", "5m"),
                        integer("AGENTCRON_MAX_CONCURRENT_DELIVERIES", 256, 1, 100_000),
                        duration("AGENTCRON_RUN_RETENTION", "30d")),
                RunnerKeys.read(values),
                hosts("AGENTCRON_ALLOWED_TARGET_HOSTS"),
                integer("AGENTCRON_MAX_BODY_BYTES", 1_048_576, 1024, Integer.MAX_VALUE),
                duration("AGENTCRON_SHUTDOWN_GRACE", "10s"),
                new AgentcronConfig.Limits(
                        integer("AGENTCRON_MAX_ANSWER_BYTES", 1_048_576, 1024, 268_435_456),
                        integer("AGENTCRON_RATE_LIMIT", 50, 1, 1_000_000),
                        integer("AGENTCRON_RATE_BURST", 500, 1, 10_000_000),
                        integer("AGENTCRON_MAX_SCHEDULES", 10_000, 1, 100_000_000),
                        duration("AGENTCRON_MIN_INTERVAL", "1s")),
                AgentcronConfig.LogFormat.valueOf(oneOf("AGENTCRON_LOG_FORMAT", "TEXT", "TEXT", "JSON")));
    }

    private AgentcronConfig.Database database() {
        String url = raw("AGENTCRON_DB_URL");
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("AGENTCRON_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), got \"" + url + "\"");
        }
        Duration ttl = duration("AGENTCRON_LEASE_TTL", "10s");
        Duration renew = duration("AGENTCRON_LEASE_RENEW", "2s");
        if (renew.compareTo(ttl.dividedBy(2)) > 0) {
            throw new ConfigException("AGENTCRON_LEASE_RENEW must be at most half of AGENTCRON_LEASE_TTL, got " + renew + " and " + ttl);
        }
        return new AgentcronConfig.Database(url, raw("AGENTCRON_DB_USER"), secret("AGENTCRON_DB_PASSWORD"),
                integer("AGENTCRON_DB_POOL_SIZE", 10, 2, 1000), text("AGENTCRON_NODE_ID", defaultNodeId()), ttl, renew);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The effective configuration with secrets masked, for the startup log. */
    public static Map<String, String> describe(AgentcronConfig c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("AGENTCRON_HOST", c.host());
        out.put("AGENTCRON_PORT", Integer.toString(c.port()));
        out.put("AGENTCRON_BASE_PATH", c.basePath().isEmpty() ? "(unset: served at /)" : c.basePath());
        out.put("AGENTCRON_DATA_DIR", c.dataDir().toString());
        out.put("AGENTCRON_API_KEY", mask(c.apiKey()));
        out.put("AGENTCRON_SQLITE_SYNCHRONOUS", c.sqliteSynchronous());
        out.put("AGENTCRON_DB_URL", c.database().url() == null ? "(unset: embedded SQLite)" : c.database().url().replaceAll("password=[^&]*", "password=****"));
        out.put("AGENTCRON_DB_USER", c.database().user() == null ? "(unset)" : c.database().user());
        out.put("AGENTCRON_DB_PASSWORD", mask(c.database().password()));
        out.put("AGENTCRON_DB_POOL_SIZE", Integer.toString(c.database().poolSize()));
        out.put("AGENTCRON_NODE_ID", c.database().nodeId());
        out.put("AGENTCRON_LEASE_TTL", c.database().leaseTtl().toString());
        out.put("AGENTCRON_LEASE_RENEW", c.database().leaseRenew().toString());
        out.put("AGENTCRON_LETTA_BASE_URL", c.letta().baseUrl().toString());
        out.put("AGENTCRON_LETTA_TOKEN", mask(c.letta().token()));
        out.put("AGENTCRON_LETTA_TIMEOUT", c.letta().timeout().toString());
        out.put("AGENTCRON_CALLBACK_SECRET", mask(c.callbacks().secret()));
        out.put("AGENTCRON_CALLBACK_SECRET_PREVIOUS", mask(c.callbacks().previousSecret()));
        out.put("AGENTCRON_CALLBACK_TIMEOUT", c.callbacks().timeout().toString());
        out.put("AGENTCRON_CALLBACK_MAX_ATTEMPTS", Integer.toString(c.callbacks().maxAttempts()));
        out.put("AGENTCRON_LOOKAHEAD", c.engine().lookahead().toString());
        out.put("AGENTCRON_CATCH_UP_WINDOW", c.engine().catchUpWindow().toString());
        out.put("AGENTCRON_MAX_ATTEMPTS", Integer.toString(c.engine().maxAttempts()));
        out.put("AGENTCRON_RETRY_BASE", c.engine().retryBase().toString());
        out.put("AGENTCRON_RETRY_MAX", c.engine().retryMax().toString());
        out.put("AGENTCRON_RUN_RETENTION", c.engine().retention().toString());
        out.put("AGENTCRON_MAX_CONCURRENT_DELIVERIES", Integer.toString(c.engine().maxConcurrentDeliveries()));
        out.put("AGENTCRON_ALLOWED_TARGET_HOSTS", String.join(",", c.allowedTargetHosts()));
        out.put("AGENTCRON_MAX_BODY_BYTES", Long.toString(c.maxBodyBytes()));
        out.put("AGENTCRON_MAX_ANSWER_BYTES", Integer.toString(c.limits().maxAnswerBytes()));
        out.put("AGENTCRON_RATE_LIMIT", Integer.toString(c.limits().requestsPerSecond()));
        out.put("AGENTCRON_RATE_BURST", Integer.toString(c.limits().burst()));
        out.put("AGENTCRON_MAX_SCHEDULES", Integer.toString(c.limits().maxSchedules()));
        out.put("AGENTCRON_MIN_INTERVAL", c.limits().minInterval().toString());
        out.put("AGENTCRON_RUNNER_DEFAULT", c.routing().defaultRunner() == null ? "(unset)" : c.routing().defaultRunner());
        c.routing().runners().values().forEach(r -> out.put("AGENTCRON_RUNNER_" + r.name().toUpperCase(Locale.ROOT),
                r.type() + (r.command().isEmpty() ? "" : " " + r.command().getFirst())
                        + (r.url() != null ? " " + r.url() : "") + (r.baseUrl() != null ? " " + r.baseUrl() : "")));
        out.put("AGENTCRON_ROUTES", c.routing().routes().toString());
        out.put("AGENTCRON_SHUTDOWN_GRACE", c.shutdownGrace().toString());
        out.put("AGENTCRON_LOG_FORMAT", c.logFormat().name().toLowerCase(Locale.ROOT));
        return out;
    }

    private static String mask(String secret) {
        return secret == null ? "(unset)" : "****";
    }

    private String raw(String key) {
        known.add(key);
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String text(String key, String fallback) {
        String value = raw(key);
        return value == null ? fallback : value;
    }

    private String secret(String key) {
        return raw(key);
    }

    private <T> T parsed(String key, String fallback, String expected, Function<String, T> parser) {
        String value = text(key, fallback);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key + " must be " + expected + ", got \"" + value + "\"");
        }
    }

    private int integer(String key, int fallback, int min, int max) {
        int value = parsed(key, Integer.toString(fallback), "an integer", Integer::parseInt);
        if (value < min || value > max) {
            throw new ConfigException(key + " must be " + min + ".." + max + ", got \"" + value + "\"");
        }
        return value;
    }

    private Duration duration(String key, String fallback) {
        Duration value = parsed(key, fallback, "a duration such as 250ms, 5s, 15m, 1h", DurationText::parse);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key + " must be positive, got \"" + text(key, fallback) + "\"");
        }
        return value;
    }

    /**
     * A path prefix as Jetty takes it: {@code /a/b}, no trailing slash, segments of letters, digits and
     * {@code -._~}; {@code /} or nothing is the root, given as the empty string.
     */
    private String basePath(String key) {
        String value = text(key, "/");
        if (!value.matches("/|(/[A-Za-z0-9._~-]+)+/?") || value.matches(".*/\\.{1,2}(/.*)?")) {
            throw new ConfigException(key + " must be a path such as /agentcron (letters, digits and -._~ between"
                    + " slashes), got \"" + value + "\"");
        }
        return value.replaceAll("/+$", "");
    }

    private URI url(String key, String fallback) {
        return parsed(key, fallback, "an absolute http(s) URL", v -> {
            try {
                URI uri = new URI(v);
                if (!uri.isAbsolute() || uri.getHost() == null || !uri.getScheme().matches("https?")) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private String oneOf(String key, String fallback, String... allowed) {
        String value = text(key, fallback).toUpperCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
        }
        return value;
    }

    private Set<String> hosts(String key) {
        String value = raw(key);
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("AGENTCRON_CONFIG names " + file + ", which cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }
}
