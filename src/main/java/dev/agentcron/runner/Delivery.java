package dev.agentcron.runner;

import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import java.time.Instant;

/**
 * One attempt at delivering a run.
 *
 * @param runId also the idempotency key the receiver sees, the same on every attempt and redelivery
 * @param attempt 1 for the first attempt
 */
public record Delivery(RunId runId, Schedule schedule, Instant dueAt, int attempt) {}
