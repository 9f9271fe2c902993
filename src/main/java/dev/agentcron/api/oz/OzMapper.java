package dev.agentcron.api.oz;

import dev.agentcron.api.ScheduleOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.WireTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Turns domain values into the Oz face's wire shapes, and Oz run states and sources into ours. Pure. */
final class OzMapper {

    private OzMapper() {}

    /** The scheduled agent as sent: the documented members, then agentcron's extension fields when set. */
    static ObjectNode itemJson(Schedule s, com.fasterxml.jackson.databind.ObjectMapper json) {
        ObjectNode out = json.valueToTree(item(s));
        ScheduleOptions.writeTrigger(out, s.trigger());
        ScheduleOptions.writePolicies(out, s.policies());
        if (s.lastRun().pausedReason() != null) {
            out.put("paused_reason", s.lastRun().pausedReason());
        }
        return out;
    }

    static OzDtos.ScheduledAgentItem item(Schedule s) {
        ObjectNode p = s.payload().copy();
        OzDtos.Scope scope = new OzDtos.Scope(s.owner().isTeam() ? "Team" : "User", s.owner().name());
        return new OzDtos.ScheduledAgentItem(
                s.id().value(),
                s.name(),
                ScheduleOptions.expression(s.trigger()),
                s.state() == ScheduleState.ACTIVE,
                p.path("prompt").asText(""),
                s.lastRun().spawnError(),
                p.get("agent_config") instanceof ObjectNode config ? config : null,
                WireTime.format(s.audit().createdAt()),
                WireTime.format(s.audit().updatedAt()),
                new OzDtos.Creator("user", s.audit().createdBy()),
                new OzDtos.Creator("user", s.audit().updatedBy()),
                new OzDtos.History(WireTime.format(s.lastRun().ranAt()), WireTime.format(s.state() == ScheduleState.ACTIVE ? s.nextFireAt() : null)),
                scope,
                p.hasNonNull("agent_uid") ? p.get("agent_uid").asText() : null,
                p.hasNonNull("metadata") ? p.get("metadata") : null,
                p.hasNonNull("mode") ? p.get("mode").asText() : null,
                s.policies().overlap().wire());
    }

    static OzDtos.RunItem run(Run run) {
        JsonNode input = run.input().copy();
        JsonNode schedule = input.get("schedule");
        String prompt = input.path("prompt").asText("");
        return new OzDtos.RunItem(
                run.id().value(),
                run.id().value(),
                title(input, prompt),
                state(run.state()),
                prompt,
                WireTime.format(run.times().createdAt()),
                WireTime.format(run.times().updatedAt()),
                WireTime.format(run.times().startedAt()),
                run.error() == null ? null : new OzDtos.StatusMessage(run.error()),
                source(run.source()),
                schedule == null ? null : new OzDtos.RunSchedule(schedule.path("schedule_id").asText(),
                        schedule.path("schedule_name").asText(), schedule.path("cron_schedule").asText()),
                input.get("agent_config") instanceof ObjectNode config ? config : null,
                new OzDtos.Scope("Team", run.owner().id()),
                run.response(),
                run.attempt(),
                WireTime.format(run.dueAt()));
    }

    private static String title(JsonNode input, String prompt) {
        if (input.hasNonNull("title")) {
            return input.get("title").asText();
        }
        if (input.path("schedule").hasNonNull("schedule_name")) {
            return input.path("schedule").get("schedule_name").asText();
        }
        return prompt.length() <= 80 ? prompt : prompt.substring(0, 79) + "…";
    }

    static String state(RunState state) {
        return switch (state) {
            case PENDING -> "QUEUED";
            case RUNNING -> "INPROGRESS";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> "FAILED";
            case ERROR -> "ERROR";
            case CANCELLED, SKIPPED, MISSED -> "CANCELLED";
        };
    }

    /** Our states that an Oz state filter value stands for; null when the value is not an Oz state. */
    static Set<RunState> states(String ozState) {
        return switch (ozState.toUpperCase(Locale.ROOT)) {
            case "QUEUED", "PENDING", "CLAIMED" -> EnumSet.of(RunState.PENDING);
            case "INPROGRESS", "IN_PROGRESS" -> EnumSet.of(RunState.RUNNING);
            case "SUCCEEDED" -> EnumSet.of(RunState.SUCCEEDED);
            case "FAILED" -> EnumSet.of(RunState.FAILED);
            case "ERROR" -> EnumSet.of(RunState.ERROR);
            case "CANCELLED" -> EnumSet.of(RunState.CANCELLED, RunState.SKIPPED, RunState.MISSED);
            case "BLOCKED" -> EnumSet.noneOf(RunState.class);
            default -> null;
        };
    }

    static String source(RunSource source) {
        return switch (source) {
            case SCHEDULE -> "SCHEDULED_AGENT";
            case MANUAL, API -> "API";
        };
    }

    /** Our sources that an Oz source filter value stands for; null when the value is not an Oz source. */
    static Set<RunSource> sources(String ozSource) {
        return switch (ozSource.toUpperCase(Locale.ROOT)) {
            case "SCHEDULED_AGENT" -> EnumSet.of(RunSource.SCHEDULE);
            case "API" -> EnumSet.of(RunSource.MANUAL, RunSource.API);
            case "LINEAR", "SLACK", "LOCAL", "WEB_APP", "GITHUB_ACTION", "CLOUD_MODE", "CLI" -> EnumSet.noneOf(RunSource.class);
            default -> null;
        };
    }
}
