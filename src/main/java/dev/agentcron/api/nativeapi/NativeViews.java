package dev.agentcron.api.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.Preview;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.WireTime;

/** Schedules and runs as the native API shows them, whichever face made them. */
final class NativeViews {

    private final ObjectMapper json;

    NativeViews(ObjectMapper json) {
        this.json = json;
    }

    /** A schedule: its trigger in plain words, its next fire, its policies and what its last runs left. */
    ObjectNode schedule(Schedule s) {
        ObjectNode out = json.createObjectNode();
        out.put("id", s.id().value());
        out.put("kind", s.kind().wire());
        out.put("name", s.name());
        out.put("agent_id", s.agentId().isEmpty() ? null : s.agentId());
        out.put("state", s.state().wire());
        out.put("trigger", s.trigger() instanceof Trigger.At at ? WireTime.format(at.at()) : ScheduleOptions.expression(s.trigger()));
        ScheduleOptions.writeTrigger(out, s.trigger());
        if (s.trigger() instanceof Trigger.Cron cron) {
            out.put("timezone", cron.zone().getId()); // always, UTC too: the dashboard shows the zone a cron is read in
        }
        out.put("description", Preview.describe(s.trigger()));
        out.put("next_fire_at", WireTime.format(s.nextFireAt()));
        out.put("overlap", s.policies().overlap().wire());
        ScheduleOptions.writePolicies(out, s.policies());
        out.put("last_ran_at", WireTime.format(s.lastRun().ranAt()));
        out.put("last_spawn_error", s.lastRun().spawnError());
        out.put("failures_in_a_row", s.lastRun().failuresInARow());
        out.put("paused_reason", s.lastRun().pausedReason());
        return out;
    }

    /** A run: when it was due and made, how late, how it ended, what the agent answered, its callback. */
    ObjectNode run(Run r) {
        ObjectNode out = json.createObjectNode();
        out.put("id", r.id().value());
        out.put("schedule_id", r.scheduleId() == null ? null : r.scheduleId().value());
        out.put("kind", r.kind().wire());
        out.put("agent_id", r.agentId().isEmpty() ? null : r.agentId());
        out.put("source", r.source().wire());
        out.put("state", r.state().wire());
        out.put("attempt", r.attempt());
        out.put("due_at", WireTime.format(r.dueAt()));
        out.put("created_at", WireTime.format(r.times().createdAt()));
        out.put("started_at", WireTime.format(r.times().startedAt()));
        out.put("finished_at", WireTime.format(r.times().finishedAt()));
        out.put("lateness_ms", r.times().lateness() == null ? null : r.times().lateness().toMillis());
        out.put("error", r.error());
        out.set("response", answer(r.response()));
        if (r.callback() != null) {
            out.putObject("callback").put("state", r.callback().state()).put("attempts", r.callback().attempts())
                    .put("last_status", r.callback().lastStatusCode()).put("last_error", r.callback().lastError())
                    .put("delivered_at", WireTime.format(r.callback().deliveredAt()));
        }
        return out;
    }

    /** The agent's answer: JSON as JSON (a Letta response), anything else as text (a command's output). */
    private JsonNode answer(String response) {
        if (response == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(response);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return json.getNodeFactory().textNode(response);
        }
    }
}
