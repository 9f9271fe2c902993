package dev.agentcron.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.service.ServiceException;

/**
 * How one face words the errors of the use cases and renders every error in its own wire format. The
 * services report what went wrong in domain terms ({@link ServiceException.Subject},
 * {@link ServiceException.Field}); the face says it in its API's words.
 */
public interface FaceErrors {

    /** Whether a request to {@code path} belongs to this face. */
    boolean owns(String path);

    /** "Schedule not found", "Run not found"; a face words it in its own terms where they differ. */
    default String notFound(ServiceException.Subject subject) {
        return switch (subject) {
            case SCHEDULE -> "Schedule not found";
            case RUN -> "Run not found";
            case KEY -> "API key not found";
            case ENVIRONMENT -> "Environment not found";
        };
    }

    /** The wire path of a field a use case found at fault; a face names it by its own path where that differs. */
    default String field(ServiceException.Field field) {
        return switch (field) {
            case SCHEDULED_AT -> "scheduled_at";
            case CRON -> "cron";
            case CALLBACK_URL -> "callback_url";
            case STATE -> "state";
            case NEXT_OCCURRENCE -> "schedule";
            case RUN_ID -> "run_id";
            case TEAM -> "team";
        };
    }

    /** The error body, and its content type. */
    Rendered render(int status, String message, String field, String path);

    record Rendered(String contentType, String body) {}

    /** The native routes' format: {@code {error, message, field}}; it owns no path, it answers for any other. */
    FaceErrors PLAIN = new FaceErrors() {
        @Override
        public boolean owns(String path) {
            return false;
        }

        @Override
        public Rendered render(int status, String message, String field, String path) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("error", reason(status));
            body.put("message", message);
            if (field != null) {
                body.put("field", field);
            }
            return new Rendered("application/json", body.toString());
        }

        private static String reason(int status) {
            return switch (status) {
                case 400 -> "bad_request";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 429 -> "rate_limited";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 409 -> "conflict";
                case 413 -> "too_large";
                case 500 -> "internal";
                default -> "error";
            };
        }
    };
}
