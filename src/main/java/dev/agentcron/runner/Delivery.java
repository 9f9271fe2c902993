package dev.agentcron.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.ScheduleKind;
import java.time.Duration;
import java.time.Instant;

/**
 * One attempt at delivering a run.
 *
 * @param runId also the idempotency key the receiver sees, the same on every attempt and redelivery
 * @param agentId the Letta agent of a scheduled message; empty for agent runs
 * @param input what to deliver, frozen when the run was made ({@link dev.agentcron.domain.Schedule#runInput()})
 * @param attempt 1 for the first attempt
 * @param timeout the schedule's limit on one run, or null: a runner takes the shorter of it and its own
 */
public record Delivery(RunId runId, ScheduleKind kind, String agentId, Instant dueAt, ObjectNode input, int attempt, Duration timeout) {

    public static Delivery of(Run run, int attempt) {
        return new Delivery(run.id(), run.kind(), run.agentId(), run.dueAt(), run.input().copy(), attempt, run.policy().timeout());
    }

    /** The shorter of {@code runnerTimeout} and the schedule's own limit. */
    public Duration timeoutWithin(Duration runnerTimeout) {
        return timeout != null && timeout.compareTo(runnerTimeout) < 0 ? timeout : runnerTimeout;
    }

    /** The prompt of an agent run; empty when there is none. */
    public String prompt() {
        return input.path("prompt").asText("");
    }

    /** The run's {@code agent_config}; empty when it has none. */
    public ObjectNode agentConfig() {
        return input.get("agent_config") instanceof ObjectNode config ? config : JsonNodeFactory.instance.objectNode();
    }

    /** The schedule snapshot {@code {schedule_id, schedule_name, cron_schedule}}, or null for an API run. */
    public JsonNode schedule() {
        JsonNode schedule = input.get("schedule");
        return schedule != null && schedule.has("schedule_id") ? schedule : null;
    }

    /** {@code agent_config.model_id}, or null. */
    public String modelId() {
        JsonNode model = agentConfig().get("model_id");
        return model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : null;
    }
}
