package dev.agentcron.service;

/**
 * The errors a use case reports to whoever called it. Each face renders them in its own wire format; none
 * carries a stack trace to the client.
 */
public abstract sealed class ServiceException extends RuntimeException
        permits ServiceException.NotFound, ServiceException.InvalidInput, ServiceException.Conflict,
                ServiceException.TooLarge, ServiceException.Unauthorized {

    private ServiceException(String message) {
        super(message, null, false, false);
    }

    /** The thing does not exist, or the caller may not see it (never told apart, so ids do not leak). */
    public static final class NotFound extends ServiceException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** A field of the request is wrong; {@code field} is its path, e.g. {@code schedule.scheduled_at}. */
    public static final class InvalidInput extends ServiceException {
        private final String field;

        public InvalidInput(String field, String reason) {
            super(field == null ? reason : field + ": " + reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The request conflicts with what is stored, e.g. an idempotency key reused for another request. */
    public static final class Conflict extends ServiceException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The request is over a size limit. */
    public static final class TooLarge extends ServiceException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** No valid API key. */
    public static final class Unauthorized extends ServiceException {
        public Unauthorized(String message) {
            super(message);
        }
    }
}
