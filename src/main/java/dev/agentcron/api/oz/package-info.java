/**
 * The Oz-style face: scheduled agents under {@code /api/v1/agent/schedules} and their runs under
 * {@code /api/v1/agent/runs}, with wire DTOs, request parsing and mapping. No business rule lives here.
 * Imports {@code service}, {@code domain} and {@code api}.
 */
package dev.agentcron.api.oz;
