package dev.agentcron.store;

import dev.agentcron.domain.Principal;
import dev.agentcron.domain.ScheduleId;
import java.time.Instant;

/** A create that carried an {@code Idempotency-Key}: what it made, so a retry answers with the same schedule. */
public record IdempotencyRecord(Principal owner, String key, String requestHash, ScheduleId scheduleId, Instant createdAt) {}
