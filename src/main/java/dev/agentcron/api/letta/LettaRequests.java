package dev.agentcron.api.letta;

import static dev.agentcron.api.RequestBody.kind;
import static dev.agentcron.api.RequestBody.optionalBoolean;
import static dev.agentcron.api.RequestBody.optionalText;
import static dev.agentcron.api.RequestBody.required;
import static dev.agentcron.api.RequestBody.text;
import static dev.agentcron.api.RequestBody.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.Trigger;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.AgentId;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.NewSchedule;
import dev.agentcron.service.ServiceException;
import java.time.Instant;
import java.util.Set;

/**
 * Parses the Letta create request into a {@link NewSchedule}, checking every field the API documents. The
 * body is stored verbatim, so fields this version does not know (and the Cloud fields {@code letta cron}
 * sends) survive and are echoed.
 */
final class LettaRequests {

    static final int MAX_MESSAGES = 100;
    static final int MAX_CONTENT_PARTS = 100;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    static final Set<String> RETURN_MESSAGE_TYPES = Set.of(
            "system_message", "user_message", "assistant_message", "reasoning_message", "hidden_reasoning_message",
            "tool_call_message", "tool_return_message", "approval_request_message", "approval_response_message");

    private LettaRequests() {}

    static String agentId(String value) {
        if (!AgentId.isValid(value)) {
            throw new ServiceException.InvalidInput("agent_id", AgentId.RULE);
        }
        return value;
    }

    static NewSchedule create(String agentId, ObjectNode body) {
        messages(required(body, "messages", "messages"));
        Trigger trigger = schedule(required(body, "schedule", "schedule"));
        String callbackUrl = optionalText(body, "callback_url", "callback_url", 2048);
        returnTypes(body.get("include_return_message_types"));
        JsonNode maxSteps = body.get("max_steps");
        if (maxSteps != null && !maxSteps.isNull()) {
            wholeNumber(maxSteps, "max_steps", 1, 10_000);
        }
        optionalText(body, "description", "description", 2000);
        optionalText(body, "conversation_id", "conversation_id", 256);
        optionalText(body, "target_device_id", "target_device_id", 256);
        optionalBoolean(body, "use_sandbox", "use_sandbox");
        String name = optionalText(body, "name", "name", 200);
        return new NewSchedule(ScheduleKind.LETTA_MESSAGE, agentId, name == null ? "" : name, trigger, body, callbackUrl,
                ScheduleOptions.policies(body).apply(Policies.defaultsFor(ScheduleKind.LETTA_MESSAGE)), true, false);
    }

    private static void messages(JsonNode messages) {
        if (!(messages instanceof ArrayNode array)) {
            throw new ServiceException.InvalidInput("messages", "must be an array of messages, got " + kind(messages));
        }
        if (array.isEmpty() || array.size() > MAX_MESSAGES) {
            throw new ServiceException.InvalidInput("messages", "must hold 1.." + MAX_MESSAGES + " messages, got " + array.size());
        }
        for (int i = 0; i < array.size(); i++) {
            message(array.get(i), "messages[" + i + "]");
        }
    }

    private static void message(JsonNode node, String path) {
        if (!(node instanceof ObjectNode message)) {
            throw new ServiceException.InvalidInput(path, "must be an object, got " + kind(node));
        }
        String role = text(required(message, "role", path + ".role"), path + ".role", 32);
        if (!ROLES.contains(role)) {
            throw new ServiceException.InvalidInput(path + ".role", "must be one of user, assistant, system, got \"" + role + "\"");
        }
        content(required(message, "content", path + ".content"), path + ".content");
        for (String field : new String[] {"name", "otid", "sender_id"}) {
            optionalText(message, field, path + "." + field, 256);
        }
        String type = optionalText(message, "type", path + ".type", 32);
        if (type != null && !type.equals("message")) {
            throw new ServiceException.InvalidInput(path + ".type", "must be \"message\", got \"" + type + "\"");
        }
    }

    private static void content(JsonNode content, String path) {
        if (content.isTextual()) {
            return;
        }
        if (!(content instanceof ArrayNode parts)) {
            throw new ServiceException.InvalidInput(path, "must be a string or an array of content parts, got " + kind(content));
        }
        if (parts.isEmpty() || parts.size() > MAX_CONTENT_PARTS) {
            throw new ServiceException.InvalidInput(path, "must hold 1.." + MAX_CONTENT_PARTS + " parts, got " + parts.size());
        }
        for (int i = 0; i < parts.size(); i++) {
            part(parts.get(i), path + "[" + i + "]");
        }
    }

    private static void part(JsonNode node, String path) {
        if (!(node instanceof ObjectNode part)) {
            throw new ServiceException.InvalidInput(path, "must be an object, got " + kind(node));
        }
        String type = optionalText(part, "type", path + ".type", 32);
        if (type == null || type.equals("text")) {
            text(required(part, "text", path + ".text"), path + ".text", Integer.MAX_VALUE);
            optionalText(part, "signature", path + ".signature", 65_536);
        } else if (type.equals("image")) {
            JsonNode source = required(part, "source", path + ".source");
            if (!(source instanceof ObjectNode src)) {
                throw new ServiceException.InvalidInput(path + ".source", "must be an object, got " + kind(source));
            }
            text(required(src, "data", path + ".source.data"), path + ".source.data", Integer.MAX_VALUE);
            text(required(src, "media_type", path + ".source.media_type"), path + ".source.media_type", 128);
            optionalText(src, "detail", path + ".source.detail", 32);
            String sourceType = optionalText(src, "type", path + ".source.type", 32);
            if (sourceType != null && !sourceType.equals("base64")) {
                throw new ServiceException.InvalidInput(path + ".source.type", "must be \"base64\", got \"" + sourceType + "\"");
            }
        } else {
            throw new ServiceException.InvalidInput(path + ".type", "must be \"text\" or \"image\", got \"" + type + "\"");
        }
    }

    private static Trigger schedule(JsonNode node) {
        if (!(node instanceof ObjectNode schedule)) {
            throw new ServiceException.InvalidInput("schedule", "must be an object, got " + kind(node));
        }
        String type = optionalText(schedule, "type", "schedule.type", 32);
        if (type == null || type.equals("one-time")) {
            long at = wholeNumber(required(schedule, "scheduled_at", "schedule.scheduled_at"), "schedule.scheduled_at",
                    0, WireTime.LATEST.toEpochMilli());
            return new Trigger.At(Instant.ofEpochMilli(at));
        }
        if (type.equals("recurring")) {
            String text = text(required(schedule, "cron_expression", "schedule.cron_expression"),
                    "schedule.cron_expression", 256);
            // Letta's 5-field UTC cron, and agentcron's extensions: seconds, macros, @every, timezone, bounds.
            return ScheduleOptions.recurring(text, "schedule.cron_expression", schedule, "schedule");
        }
        throw new ServiceException.InvalidInput("schedule.type", "must be \"one-time\" or \"recurring\", got \"" + type + "\"");
    }

    private static void returnTypes(JsonNode types) {
        if (types == null || types.isNull()) {
            return;
        }
        if (!(types instanceof ArrayNode array)) {
            throw new ServiceException.InvalidInput("include_return_message_types", "must be an array, got " + kind(types));
        }
        for (int i = 0; i < array.size(); i++) {
            String path = "include_return_message_types[" + i + "]";
            String value = text(array.get(i), path, 64);
            if (!RETURN_MESSAGE_TYPES.contains(value)) {
                throw new ServiceException.InvalidInput(path, "must be one of " + RETURN_MESSAGE_TYPES + ", got \"" + value + "\"");
            }
        }
    }
}
