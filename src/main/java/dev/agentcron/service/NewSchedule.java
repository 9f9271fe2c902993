package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.Trigger;

/** A schedule to create, as a face parsed it. */
public record NewSchedule(
        ScheduleKind kind, String agentId, Trigger trigger, ObjectNode payload, String callbackUrl, CatchUpPolicy catchUp) {}
