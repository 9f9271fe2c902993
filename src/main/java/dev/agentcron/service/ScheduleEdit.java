package dev.agentcron.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Trigger;
import java.util.function.UnaryOperator;

/**
 * A full replacement of a schedule's editable fields (PUT).
 *
 * @param policies how the request changes the stored policies (fields it left out stay), or null to keep them
 * @param keepAgentConfig when the request had no {@code agent_config}: keep the stored one rather than drop it
 */
public record ScheduleEdit(String name, Trigger trigger, ObjectNode payload, UnaryOperator<Policies> policies, boolean enabled,
        boolean keepAgentConfig) {}
