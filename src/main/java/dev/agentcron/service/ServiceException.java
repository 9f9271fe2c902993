package dev.agentcron.service;

import java.util.Locale;

/**
 * The errors a use case reports to whoever called it. Each face renders them in its own wire format; none
 * carries a stack trace to the client.
 */
public abstract sealed class ServiceException extends RuntimeException
        permits ServiceException.NotFound, ServiceException.InvalidInput, ServiceException.Conflict,
                ServiceException.TooLarge, ServiceException.Unauthorized, ServiceException.Forbidden,
                ServiceException.TooManyRequests {

    private ServiceException(String message) {
        super(message, null, false, false);
    }

    /** What a use case could not find; each face words it in its own terms. */
    public enum Subject { SCHEDULE, RUN, KEY, ENVIRONMENT }

    /** A part of a request a use case found wrong; each face names it by its own field path. */
    public enum Field { SCHEDULED_AT, CRON, CALLBACK_URL, STATE, NEXT_OCCURRENCE, RUN_ID, TEAM }

    /** The thing does not exist, or the caller may not see it (never told apart, so ids do not leak). */
    public static final class NotFound extends ServiceException {
        private final Subject subject;

        public NotFound(Subject subject) {
            super(subject.name().toLowerCase(Locale.ROOT) + " not found");
            this.subject = subject;
        }

        public Subject subject() {
            return subject;
        }
    }

    /**
     * A part of the request is wrong: either a face's own wire {@code path} (e.g. {@code schedule.scheduled_at},
     * found while parsing) or a {@link Field} a use case found, which the face names. {@code reason} leaves the
     * field out: "must be in the future".
     */
    public static final class InvalidInput extends ServiceException {
        private final String path;
        private final Field field;
        private final String reason;

        public InvalidInput(String path, String reason) {
            super(path == null ? reason : path + ": " + reason);
            this.path = path;
            this.field = null;
            this.reason = reason;
        }

        public InvalidInput(Field field, String reason) {
            super(field.name().toLowerCase(Locale.ROOT) + ": " + reason);
            this.path = null;
            this.field = field;
            this.reason = reason;
        }

        /** The face's wire path of the field at fault, when the face found it; else null. */
        public String path() {
            return path;
        }

        /** The field a use case found at fault; null when the face found it ({@link #path()}). */
        public Field field() {
            return field;
        }

        public String reason() {
            return reason;
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

    /** A valid key that may not do this: a viewer changing something, an agent outside its scope, a non-admin. */
    public static final class Forbidden extends ServiceException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** Over a limit that time lifts: the caller may retry after {@code retryAfterSeconds}. */
    public static final class TooManyRequests extends ServiceException {
        private final long retryAfterSeconds;

        public TooManyRequests(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
