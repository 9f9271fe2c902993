package dev.agentcron.domain;

import java.util.Locale;

/**
 * Lifecycle of one run. {@code PENDING} is written in the fire transaction; a run still {@code PENDING} or
 * {@code RUNNING} after a crash is delivered again, with the same run id.
 *
 * <pre>
 *   PENDING ──> RUNNING ──> SUCCEEDED
 *      │           │ ╰────> FAILED
 *      │           ╰──(retryable)──> RUNNING (next attempt)
 *      ╰──> MISSED (written directly when an occurrence is past the catch-up window)
 * </pre>
 */
public enum RunState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    MISSED;

    public boolean isFinished() {
        return switch (this) {
            case PENDING, RUNNING -> false;
            case SUCCEEDED, FAILED, MISSED -> true;
        };
    }

    /** The transition table: the one place that says which state may follow which. */
    public boolean canMoveTo(RunState next) {
        return switch (this) {
            case PENDING -> next == RUNNING || next == FAILED;
            case RUNNING -> next == RUNNING || next == SUCCEEDED || next == FAILED;
            case SUCCEEDED, FAILED, MISSED -> false;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
