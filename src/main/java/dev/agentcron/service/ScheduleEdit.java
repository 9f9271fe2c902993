package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Trigger;

/**
 * A full replacement of a schedule's editable fields (PUT).
 *
 * @param overlap the new overlap policy, or null to keep the current one
 * @param keepAgentConfig when the request had no {@code agent_config}: keep the stored one rather than drop it
 */
public record ScheduleEdit(String name, Trigger trigger, ObjectNode payload, OverlapPolicy overlap, boolean enabled,
        boolean keepAgentConfig) {}
