package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.Trigger;
import java.time.Instant;

/**
 * A schedule to create, as a face parsed it.
 *
 * @param agentId the Letta agent of a scheduled message; empty for agent runs
 * @param enabled false creates it paused
 * @param team whether the caller's team owns it (Oz {@code team}); null when the request did not say
 */
public record NewSchedule(ScheduleKind kind, String agentId, String name, Trigger trigger, ObjectNode payload,
        String callbackUrl, Policies policies, boolean enabled, Boolean team) {

    /** The agent an agent run names ({@code agent_config.name}), or null: a key's agent scope covers it too. */
    String agentName() {
        return payload.path("agent_config").path("name").isTextual() ? payload.get("agent_config").get("name").asText() : null;
    }

    /** The schedule this request makes for {@code owner}, created by {@code by} at {@code now}, first due at {@code firstFire}. */
    Schedule toSchedule(ScheduleId id, Principal owner, Principal by, Instant now, Instant firstFire) {
        Schedule paused = new Schedule(id, owner, kind, agentId, name, trigger, JsonDocument.of(payload), callbackUrl, policies,
                ScheduleState.PAUSED, null, 1, LastRun.NONE, Audit.created(by, now));
        return enabled ? paused.withState(ScheduleState.ACTIVE, paused.fireTimeOf(firstFire), by, now) : paused;
    }
}
