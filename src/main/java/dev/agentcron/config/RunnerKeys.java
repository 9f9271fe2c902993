package dev.agentcron.config;

import dev.agentcron.domain.DurationText;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the runner and routing keys; every error names the key at fault. */
final class RunnerKeys {

    private static final Pattern RUNNER_KEY = Pattern.compile("AGENTCRON_RUNNER_([A-Z0-9]+)_([A-Z0-9_]+)");
    private static final Set<String> TYPES = Set.of("command", "webhook", "openai", "letta");
    private static final Set<String> FIELDS = Set.of("agent_id", "harness", "worker_host", "model_id");
    private static final Set<String> SETTINGS = Set.of("TYPE", "COMMAND", "WORKDIR", "TIMEOUT", "OUTPUT_LIMIT", "URL",
            "SECRET", "BASE_URL", "API_KEY", "MODEL", "AGENT_ID");

    private RunnerKeys() {}

    static RoutingConfig read(Map<String, String> values) {
        Map<String, Map<String, String>> byRunner = new TreeMap<>();
        values.forEach((key, value) -> {
            Matcher m = RUNNER_KEY.matcher(key);
            if (m.matches() && !value.isBlank()) {
                byRunner.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), n -> new TreeMap<>()).put(m.group(2), value.trim());
            }
        });
        Map<String, RunnerConfig> runners = new LinkedHashMap<>();
        byRunner.forEach((name, settings) -> runners.put(name, runner(name, settings)));
        String defaultRunner = values.get("AGENTCRON_RUNNER_DEFAULT");
        if (defaultRunner != null && !defaultRunner.isBlank()) {
            defaultRunner = defaultRunner.trim().toLowerCase(Locale.ROOT);
            if (!runners.containsKey(defaultRunner) && !defaultRunner.equals("letta")) {
                throw new ConfigException("AGENTCRON_RUNNER_DEFAULT names \"" + defaultRunner + "\", which is not configured; runners: "
                        + names(runners));
            }
        } else {
            defaultRunner = null;
        }
        List<RoutingConfig.Route> routes = routes(values.get("AGENTCRON_ROUTES"), runners);
        return new RoutingConfig(runners, routes, defaultRunner);
    }

    private static String names(Map<String, RunnerConfig> runners) {
        List<String> names = new ArrayList<>(runners.keySet());
        if (!names.contains("letta")) {
            names.add("letta");
        }
        return String.join(", ", names);
    }

    private static RunnerConfig runner(String name, Map<String, String> s) {
        String prefix = "AGENTCRON_RUNNER_" + name.toUpperCase(Locale.ROOT) + "_";
        for (String key : s.keySet()) {
            if (!SETTINGS.contains(key) && !key.startsWith("ENV_")) {
                throw new ConfigException(prefix + key + " is not a runner setting; use one of " + SETTINGS + " or ENV_<VAR>");
            }
        }
        String type = s.getOrDefault("TYPE", name.equals("letta") ? "letta" : "").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ConfigException(prefix + "TYPE must be one of command, webhook, openai, letta, got \"" + type + "\"");
        }
        List<String> command = s.containsKey("COMMAND") ? command(prefix + "COMMAND", s.get("COMMAND")) : List.of();
        URI url = s.containsKey("URL") ? url(prefix + "URL", s.get("URL")) : null;
        URI baseUrl = s.containsKey("BASE_URL") ? url(prefix + "BASE_URL", s.get("BASE_URL")) : null;
        switch (type) {
            case "command" -> require(!command.isEmpty(), prefix + "COMMAND is required for a command runner");
            case "webhook" -> require(url != null, prefix + "URL is required for a webhook runner");
            case "openai" -> require(baseUrl != null, prefix + "BASE_URL is required for an openai runner");
            default -> { }
        }
        Map<String, String> env = new TreeMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith("ENV_")) {
                env.put(k.substring(4), v);
            }
        });
        Duration timeout = s.containsKey("TIMEOUT") ? duration(prefix + "TIMEOUT", s.get("TIMEOUT"))
                : type.equals("command") ? Duration.ofMinutes(30) : Duration.ofSeconds(120);
        int outputLimit = s.containsKey("OUTPUT_LIMIT") ? positiveInt(prefix + "OUTPUT_LIMIT", s.get("OUTPUT_LIMIT")) : 1 << 20;
        Path workdir = s.containsKey("WORKDIR") ? Path.of(s.get("WORKDIR")) : null;
        if (workdir != null && !Files.isDirectory(workdir)) {
            throw new ConfigException(prefix + "WORKDIR names " + workdir.toAbsolutePath() + ", which is not a directory");
        }
        return new RunnerConfig(name, type, command, workdir, env,
                timeout, outputLimit, url, s.get("SECRET"), baseUrl, s.get("API_KEY"), s.get("MODEL"), s.get("AGENT_ID"));
    }

    private static List<RoutingConfig.Route> routes(String text, Map<String, RunnerConfig> runners) {
        List<RoutingConfig.Route> routes = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return routes;
        }
        for (String entry : text.split(",")) {
            String route = entry.trim();
            int eq = route.indexOf('=');
            int colon = route.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == route.length() - 1) {
                throw new ConfigException("AGENTCRON_ROUTES entries must look like field=value:runner, got \"" + route + "\"");
            }
            String field = route.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = route.substring(eq + 1, colon).trim();
            String runner = route.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(field)) {
                throw new ConfigException("AGENTCRON_ROUTES: field must be one of " + FIELDS + ", got \"" + field + "\"");
            }
            if (!runners.containsKey(runner) && !runner.equals("letta")) {
                throw new ConfigException("AGENTCRON_ROUTES: \"" + route + "\" names runner \"" + runner
                        + "\", which is not configured; runners: " + names(runners));
            }
            routes.add(new RoutingConfig.Route(field, value, runner));
        }
        return routes;
    }

    private static List<String> command(String key, String text) {
        if (text.startsWith("[")) {
            try {
                List<String> parsed = new ObjectMapper().readValue(text, new TypeReference<List<String>>() {});
                require(!parsed.isEmpty(), key + " must not be an empty array");
                return List.copyOf(parsed);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ConfigException(key + " must be a JSON array of strings or words separated by spaces, got \"" + text + "\"");
            }
        }
        return Arrays.stream(text.trim().split("\\s+")).toList();
    }

    private static URI url(String key, String text) {
        try {
            URI uri = new URI(text);
            require(uri.isAbsolute() && uri.getHost() != null && uri.getScheme().matches("https?"), key
                    + " must be an absolute http(s) URL, got \"" + text + "\"");
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " must be an absolute http(s) URL, got \"" + text + "\"");
        }
    }

    private static Duration duration(String key, String text) {
        try {
            Duration d = DurationText.parse(text);
            require(!d.isNegative() && !d.isZero(), key + " must be positive, got \"" + text + "\"");
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be a duration such as 250ms, 5s, 15m, 1h, got \"" + text + "\"");
        }
    }

    private static int positiveInt(String key, String text) {
        try {
            int n = Integer.parseInt(text);
            require(n > 0, key + " must be positive, got \"" + text + "\"");
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got \"" + text + "\"");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }
}
