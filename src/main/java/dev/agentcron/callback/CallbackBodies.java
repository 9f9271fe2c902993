package dev.agentcron.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.WireTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The body of a run's callback, in the shape Letta's run-completion callback has:
 * {@code {run_id, status, completed_at, metadata: {result, schedule_id, scheduled_for, attempt, error}}}, where
 * {@code result} is the agent's {@code LettaResponse} with its messages filtered by the schedule's
 * {@code include_return_message_types}.
 */
public final class CallbackBodies {

    private final ObjectMapper json;

    public CallbackBodies(ObjectMapper json) {
        this.json = json;
    }

    /** What a finished run's callback says. */
    public record Outcome(Run run, int attempt, RunState state, String response, String error) {}

    public String build(Outcome outcome, Instant completedAt) {
        ObjectNode body = json.createObjectNode();
        Run run = outcome.run();
        body.put("run_id", run.id().value());
        body.put("status", switch (outcome.state()) {
            case SUCCEEDED -> "completed";
            case CANCELLED -> "cancelled";
            case PENDING, RUNNING, FAILED, ERROR, SKIPPED, MISSED -> "failed";
        });
        body.put("completed_at", WireTime.format(completedAt));
        ObjectNode metadata = body.putObject("metadata");
        metadata.set("result", filtered(parse(outcome.response()), run.input().copy()));
        metadata.put("schedule_id", run.scheduleId() == null ? null : run.scheduleId().value());
        metadata.put("agent_id", run.agentId());
        metadata.put("state", outcome.state().wire());
        metadata.put("scheduled_for", WireTime.format(run.dueAt()));
        metadata.put("attempt", outcome.attempt());
        if (outcome.error() != null) {
            metadata.put("error", outcome.error());
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a callback body", e);
        }
    }

    private JsonNode parse(String response) {
        if (response == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(response);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(response);
        }
    }

    private JsonNode filtered(JsonNode result, ObjectNode payload) {
        JsonNode types = payload.get("include_return_message_types");
        if (!(result instanceof ObjectNode object) || types == null || !types.isArray()
                || !(object.get("messages") instanceof ArrayNode messages)) {
            return result;
        }
        Set<String> wanted = new HashSet<>();
        types.forEach(t -> wanted.add(t.asText()));
        ArrayNode kept = json.createArrayNode();
        messages.forEach(m -> {
            if (wanted.contains(m.path("message_type").asText())) {
                kept.add(m);
            }
        });
        ObjectNode copy = object.deepCopy();
        copy.set("messages", kept);
        return copy;
    }
}
