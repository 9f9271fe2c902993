package dev.agentcron.api.letta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.WireTime;
import dev.agentcron.api.ScheduleOptions;
import java.util.List;

/** Turns domain values into the Letta face's wire shapes. Pure. */
final class LettaMapper {

    private static final List<String> MESSAGE_FIELDS = List.of("messages", "callback_url", "include_return_message_types");

    private final ObjectMapper json;

    LettaMapper(ObjectMapper json) {
        this.json = json;
    }

    LettaDtos.CreateResponse createResponse(Schedule s) {
        ObjectNode p = s.payload().copy();
        return new LettaDtos.CreateResponse(s.id().value(), WireTime.format(s.nextFireAt()),
                p.has("use_sandbox") ? p.path("use_sandbox").asBoolean() : null,
                p.hasNonNull("target_device_id") ? p.get("target_device_id").asText() : null);
    }

    /** The scheduled message as sent: the documented members, then agentcron's extension fields when set. */
    ObjectNode scheduledMessageJson(Schedule s) {
        ObjectNode out = json.valueToTree(scheduledMessage(s));
        ScheduleOptions.writePolicies(out, s.policies());
        return out;
    }

    LettaDtos.ScheduledMessage scheduledMessage(Schedule s) {
        ObjectNode p = s.payload().copy();
        ObjectNode message = json.createObjectNode();
        for (String field : MESSAGE_FIELDS) {
            if (p.hasNonNull(field)) {
                message.set(field, p.get(field));
            }
        }
        if (p.hasNonNull("max_steps")) {
            message.put("max_steps", p.get("max_steps").asLong());
        }
        return new LettaDtos.ScheduledMessage(
                s.id().value(),
                s.agentId(),
                message,
                WireTime.format(s.nextFireAt()),
                schedule(s.trigger()),
                s.name().isEmpty() ? null : s.name(),
                textOrNull(p, "description"),
                textOrNull(p, "conversation_id"),
                p.has("use_sandbox") ? p.path("use_sandbox").asBoolean() : null,
                textOrNull(p, "target_device_id"),
                WireTime.format(s.audit().createdAt()));
    }

    private JsonNode schedule(Trigger trigger) {
        ObjectNode node = json.createObjectNode();
        switch (trigger) {
            case Trigger.At at -> node.put("type", "one-time").put("scheduled_at", at.at().toEpochMilli());
            case Trigger.Cron cron -> node.put("type", "recurring").put("cron_expression", cron.expression().text());
            case Trigger.Every every -> node.put("type", "recurring").put("cron_expression", ScheduleOptions.expression(every));
        }
        ScheduleOptions.writeTrigger(node, trigger);
        return node;
    }

    LettaDtos.HistoryEntry historyEntry(Run run) {
        JsonNode response = parse(run.response());
        Run.CallbackStatus cb = run.callback();
        return new LettaDtos.HistoryEntry(
                run.id().value(),
                run.scheduleId() == null ? null : run.scheduleId().value(),
                switch (run.state()) {
                    case SUCCEEDED -> "success";
                    case FAILED, ERROR, CANCELLED, SKIPPED, MISSED -> "failed";
                    case PENDING, RUNNING -> "pending";
                },
                response,
                lettaRunId(response),
                WireTime.format(run.times().startedAt() != null ? run.times().startedAt() : run.times().createdAt()),
                run.state().wire(),
                run.attempt(),
                WireTime.format(run.dueAt()),
                run.times().lateness() == null ? null : run.times().lateness().toMillis(),
                run.error(),
                cb == null ? null : new LettaDtos.Callback(cb.state(), cb.attempts(), cb.lastStatusCode(), cb.lastError(),
                        WireTime.format(cb.deliveredAt())));
    }

    private JsonNode parse(String response) {
        if (response == null) {
            return null;
        }
        try {
            return json.readTree(response);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(response);
        }
    }

    /** Letta's own run id for the answer, when the response names one. */
    private static String lettaRunId(JsonNode response) {
        if (response == null) {
            return null;
        }
        JsonNode fromUsage = response.path("usage").path("run_ids").path(0);
        if (fromUsage.isTextual()) {
            return fromUsage.asText();
        }
        for (JsonNode message : response.path("messages")) {
            if (message.path("run_id").isTextual()) {
                return message.path("run_id").asText();
            }
        }
        return null;
    }

    private static String textOrNull(ObjectNode payload, String field) {
        return payload.hasNonNull(field) ? payload.get(field).asText() : null;
    }
}
