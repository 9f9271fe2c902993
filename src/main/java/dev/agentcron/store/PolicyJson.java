package dev.agentcron.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.RunPolicy;
import java.sql.SQLException;
import java.time.Duration;

/** The JSON columns {@code schedules.policies} and {@code runs.policy}: durations in milliseconds, absent when unset. */
final class PolicyJson {

    private final ObjectMapper json;

    PolicyJson(ObjectMapper json) {
        this.json = json;
    }

    String write(Policies p) {
        ObjectNode node = json.createObjectNode();
        node.put("catch_up", p.catchUp().wire());
        putMillis(node, "catch_up_window_ms", p.catchUpWindow());
        node.put("catch_up_limit", p.catchUpLimit());
        node.put("overlap", p.overlap().wire());
        putMillis(node, "jitter_ms", p.jitter());
        writeRun(node, p.runPolicy());
        return node.toString();
    }

    String write(RunPolicy p) {
        ObjectNode node = json.createObjectNode();
        writeRun(node, p);
        return node.toString();
    }

    private static void writeRun(ObjectNode node, RunPolicy p) {
        if (p.retry() != null) {
            node.put("max_attempts", p.retry().maxAttempts());
            putMillis(node, "backoff_ms", p.retry().backoff());
        }
        putMillis(node, "timeout_ms", p.timeout());
        if (p.autoPauseAfter() != null) {
            node.put("auto_pause_after", p.autoPauseAfter());
        }
    }

    Policies readPolicies(String text) throws SQLException {
        JsonNode n = parse(text);
        RunPolicy run = readRun(n);
        return new Policies(CatchUpPolicy.fromWire(n.path("catch_up").asText("once")), millis(n, "catch_up_window_ms"),
                n.path("catch_up_limit").asInt(Policies.DEFAULT_CATCH_UP_LIMIT), OverlapPolicy.fromWire(n.path("overlap").asText("queue")),
                millis(n, "jitter_ms"), run.retry(), run.timeout(), run.autoPauseAfter());
    }

    RunPolicy readRunPolicy(String text) throws SQLException {
        return text == null ? RunPolicy.DEFAULTS : readRun(parse(text));
    }

    private static RunPolicy readRun(JsonNode n) {
        RunPolicy.Retry retry = n.has("max_attempts") ? new RunPolicy.Retry(n.get("max_attempts").asInt(), millis(n, "backoff_ms")) : null;
        Integer autoPause = n.has("auto_pause_after") ? n.get("auto_pause_after").asInt() : null;
        return new RunPolicy(retry, millis(n, "timeout_ms"), autoPause);
    }

    private JsonNode parse(String text) throws SQLException {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored policies are not JSON", e);
        }
    }

    private static void putMillis(ObjectNode node, String field, Duration value) {
        if (value != null) {
            node.put(field, value.toMillis());
        }
    }

    private static Duration millis(JsonNode node, String field) {
        return node.hasNonNull(field) ? Duration.ofMillis(node.get(field).asLong()) : null;
    }
}
