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
 */
public record NewSchedule(ScheduleKind kind, String agentId, String name, Trigger trigger, ObjectNode payload,
        String callbackUrl, Policies policies, boolean enabled) {

    /** The schedule this request makes, created by {@code owner} at {@code now}, first due at {@code firstFire}. */
    Schedule toSchedule(ScheduleId id, Principal owner, Instant now, Instant firstFire) {
        Schedule paused = new Schedule(id, owner, kind, agentId, name, trigger, JsonDocument.of(payload), callbackUrl, policies,
                ScheduleState.PAUSED, null, 1, LastRun.NONE, Audit.created(owner, now));
        return enabled ? paused.withState(ScheduleState.ACTIVE, paused.fireTimeOf(firstFire), owner, now) : paused;
    }
}
