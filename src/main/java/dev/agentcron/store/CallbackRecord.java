package dev.agentcron.store;

import dev.agentcron.domain.RunId;
import java.time.Instant;

/** One callback in the outbox. The body is fixed when the run finishes; it is signed anew on each attempt. */
public record CallbackRecord(String id, RunId runId, String url, String body, int attempts, Instant nextAttemptAt) {}
