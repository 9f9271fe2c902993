package dev.agentcron.domain;

import java.util.Locale;

/**
 * Lifecycle of one run. {@code PENDING} is written when the run is made; a run still {@code PENDING} or
 * {@code RUNNING} after a crash is delivered again, with the same run id.
 *
 * <pre>
 *   PENDING ──> RUNNING ──> SUCCEEDED   the agent answered
 *      │           ├──────> FAILED      the agent ran and failed (non-zero exit, an error answer)
 *      │           ├──────> ERROR       it could not be started (spawn failure, retries used up)
 *      │           ╰──(retryable)──> RUNNING (next attempt)
 *      ╰──────────────────> CANCELLED   cancelled before or while running
 *   SKIPPED   written directly: the previous run was still going (overlap "skip")
 *   MISSED    written directly: the occurrence was past the catch-up window
 * </pre>
 */
public enum RunState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    ERROR,
    CANCELLED,
    SKIPPED,
    MISSED;

    public boolean isFinished() {
        return switch (this) {
            case PENDING, RUNNING -> false;
            case SUCCEEDED, FAILED, ERROR, CANCELLED, SKIPPED, MISSED -> true;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
