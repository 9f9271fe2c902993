package dev.agentcron.domain.cron;

/** A cron expression that cannot be parsed; the message says why, in words a user can act on. */
public final class InvalidCronException extends IllegalArgumentException {
    public InvalidCronException(String message) {
        super(message);
    }
}
