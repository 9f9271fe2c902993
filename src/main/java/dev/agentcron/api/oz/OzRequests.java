package dev.agentcron.api.oz;

import static dev.agentcron.api.RequestBody.kind;
import static dev.agentcron.api.RequestBody.optionalBoolean;
import static dev.agentcron.api.RequestBody.optionalText;
import static dev.agentcron.api.RequestBody.required;
import static dev.agentcron.api.RequestBody.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.Trigger;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.service.NewSchedule;
import dev.agentcron.service.ScheduleEdit;
import dev.agentcron.service.ServiceException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the Oz create, update and run requests. Bodies are stored verbatim, so members this version does not
 * know ({@code agent_uid}, {@code metadata}, {@code mode}, newer {@code agent_config} keys) survive.
 */
final class OzRequests {

    static final int MAX_PROMPT = 100_000;
    private static final Set<String> MODES = Set.of("normal", "plan", "orchestrate");
    private static final Pattern METADATA_KEY = Pattern.compile("[a-zA-Z0-9._-]{1,64}");
    private static final Set<String> CONFIG_TEXT_FIELDS = Set.of("name", "model_id", "base_prompt", "environment_id",
            "skill_spec", "worker_host");

    private OzRequests() {}

    static NewSchedule create(ObjectNode body) {
        String name = name(body);
        Trigger trigger = cron(body);
        checkPromptAndConfig(body);
        boolean enabled = !body.has("enabled") || body.get("enabled").isNull() || optionalBoolean(body, "enabled", "enabled");
        Boolean team = body.hasNonNull("team") ? optionalBoolean(body, "team", "team") : null;
        checkExtensions(body);
        Policies policies = ScheduleOptions.policies(body).apply(Policies.defaultsFor(ScheduleKind.AGENT_RUN));
        return new NewSchedule(ScheduleKind.AGENT_RUN, "", name, trigger, body, null, policies, enabled, team);
    }

    static ScheduleEdit update(ObjectNode body) {
        String name = name(body);
        Trigger trigger = cron(body);
        JsonNode enabled = required(body, "enabled", "enabled");
        if (!enabled.isBoolean()) {
            throw new ServiceException.InvalidInput("enabled", "must be true or false, got " + kind(enabled));
        }
        checkPromptAndConfig(body);
        checkExtensions(body);
        body.remove("team"); // the scope of a schedule is fixed when it is created
        boolean keepConfig = !body.has("agent_config");
        return new ScheduleEdit(name, trigger, body, ScheduleOptions.policies(body), enabled.booleanValue(), keepConfig);
    }

    /** The input of a run started through the API: {@code {prompt, agent_config, title}}. */
    static ObjectNode run(ObjectNode body) {
        JsonNode config = body.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw new ServiceException.InvalidInput("config", "must be an object, got " + kind(config));
        }
        String prompt = optionalText(body, "prompt", "prompt", MAX_PROMPT);
        String skill = optionalText(body, "skill", "skill", 512);
        boolean hasSkill = skill != null || (config instanceof ObjectNode c && c.hasNonNull("skill_spec"));
        if ((prompt == null || prompt.isBlank()) && !hasSkill) {
            throw new ServiceException.InvalidInput("prompt", "is required unless skill or config.skill_spec is given");
        }
        if (config instanceof ObjectNode c) {
            checkConfig(c, "config");
        }
        String title = optionalText(body, "title", "title", 500);
        optionalBoolean(body, "team", "team");
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("prompt", prompt == null ? "" : prompt);
        ObjectNode agentConfig = config instanceof ObjectNode c ? c.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (skill != null) {
            agentConfig.put("skill_spec", skill);
        }
        if (!agentConfig.isEmpty()) {
            input.set("agent_config", agentConfig);
        }
        if (title != null) {
            input.put("title", title);
        }
        return input;
    }

    private static String name(ObjectNode body) {
        String name = text(required(body, "name", "name"), "name", 200);
        if (name.isBlank()) {
            throw new ServiceException.InvalidInput("name", "must not be blank");
        }
        return name;
    }

    /** The Oz cron (5 fields, UTC) and agentcron's extensions: seconds, macros, {@code @every}, a time zone, bounds. */
    private static Trigger cron(ObjectNode body) {
        String text = text(required(body, "cron_schedule", "cron_schedule"), "cron_schedule", 256);
        return ScheduleOptions.recurring(text, "cron_schedule", body, "");
    }

    private static void checkPromptAndConfig(ObjectNode body) {
        String prompt = optionalText(body, "prompt", "prompt", MAX_PROMPT);
        JsonNode config = body.get("agent_config");
        if (config != null && !config.isNull() && !(config instanceof ObjectNode)) {
            throw new ServiceException.InvalidInput("agent_config", "must be an object, got " + kind(config));
        }
        boolean hasSkill = config instanceof ObjectNode c && (c.hasNonNull("skill_spec") || c.hasNonNull("skills"));
        if ((prompt == null || prompt.isBlank()) && !hasSkill) {
            throw new ServiceException.InvalidInput("prompt", "is required unless agent_config.skill_spec is given");
        }
        if (config instanceof ObjectNode c) {
            checkConfig(c, "agent_config");
        }
    }

    private static void checkConfig(ObjectNode config, String path) {
        for (String field : CONFIG_TEXT_FIELDS) {
            optionalText(config, field, path + "." + field, 100_000);
        }
        JsonNode harness = config.get("harness");
        if (harness != null && !harness.isNull()) {
            if (!(harness instanceof ObjectNode h)) {
                throw new ServiceException.InvalidInput(path + ".harness", "must be an object, got " + kind(harness));
            }
            optionalText(h, "type", path + ".harness.type", 64);
        }
        JsonNode idle = config.get("idle_timeout_minutes");
        if (idle != null && !idle.isNull() && (!idle.canConvertToInt() || !idle.isIntegralNumber() || idle.asInt() < 1 || idle.asInt() > 60)) {
            throw new ServiceException.InvalidInput(path + ".idle_timeout_minutes", "must be a whole number 1..60, got " + idle);
        }
    }

    private static void checkExtensions(ObjectNode body) {
        optionalText(body, "agent_uid", "agent_uid", 256);
        String mode = optionalText(body, "mode", "mode", 32);
        if (mode != null && !MODES.contains(mode)) {
            throw new ServiceException.InvalidInput("mode", "must be one of normal, plan, orchestrate, got \"" + mode + "\"");
        }
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!(metadata instanceof ObjectNode map)) {
            throw new ServiceException.InvalidInput("metadata", "must be an object of strings, got " + kind(metadata));
        }
        if (map.size() > 20) {
            throw new ServiceException.InvalidInput("metadata", "must have at most 20 keys, got " + map.size());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
                throw new ServiceException.InvalidInput("metadata", "keys must be 1-64 of [a-zA-Z0-9._-], got \"" + entry.getKey() + "\"");
            }
            String value = text(entry.getValue(), "metadata." + entry.getKey(), 256);
            if (value.indexOf('\0') >= 0) {
                throw new ServiceException.InvalidInput("metadata." + entry.getKey(), "must not contain NUL");
            }
        }
    }

}
