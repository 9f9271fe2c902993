/**
 * The Letta face: wire DTOs, request parsing and mapping for {@code /v1/agents/{agent_id}/schedule}. No business
 * rule lives here. Imports {@code service}, {@code domain} and {@code api}.
 */
package dev.agentcron.api.letta;
