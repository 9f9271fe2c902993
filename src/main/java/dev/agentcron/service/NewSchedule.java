package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.Trigger;

/**
 * A schedule to create, as a face parsed it.
 *
 * @param agentId the Letta agent of a scheduled message; empty for agent runs
 * @param enabled false creates it paused
 */
public record NewSchedule(ScheduleKind kind, String agentId, String name, Trigger trigger, ObjectNode payload,
        String callbackUrl, Policies policies, boolean enabled) {}
