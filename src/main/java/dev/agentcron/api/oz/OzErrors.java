package dev.agentcron.api.oz;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.FaceErrors;
import dev.agentcron.service.ServiceException;

/**
 * The Oz face's errors: RFC 7807 {@code application/problem+json} as its API documents ({@code type, title,
 * status, error, detail, instance}), with {@code message} so the SDK's error reads "404 Schedule not found".
 */
public final class OzErrors implements FaceErrors {

    @Override
    public boolean owns(String path) {
        return path.startsWith("/api/");
    }

    @Override
    public String field(ServiceException.Field field) {
        return switch (field) {
            case SCHEDULED_AT, CRON -> "cron_schedule";
            case CALLBACK_URL, STATE, NEXT_OCCURRENCE, RUN_ID, TEAM -> FaceErrors.super.field(field);
        };
    }

    @Override
    public Rendered render(int status, String message, String field, String path) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String code = code(status);
        body.put("type", "/reference/api-and-sdk/troubleshooting/errors/" + code.replace('_', '-') + "/");
        body.put("title", title(status));
        body.put("status", status);
        body.put("error", title(status) + " (" + message + ")");
        body.put("detail", message);
        body.put("instance", path.length() <= 200 ? path : path.substring(0, 200) + "…");
        body.put("retryable", false);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return new Rendered("application/problem+json", body.toString());
    }

    private static String code(int status) {
        return switch (status) {
            case 400, 413, 414, 431 -> "invalid_request";
            case 401 -> "authentication_required";
            case 403 -> "not_authorized";
            case 404 -> "resource_not_found";
            case 405 -> "operation_not_supported";
            case 409 -> "conflict";
            case 429 -> "rate_limited";
            default -> "internal_error";
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Authentication required";
            case 403 -> "Not authorized";
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413, 414, 431 -> "Request too large";
            case 429 -> "Too many requests";
            case 500 -> "Internal error";
            default -> "Error";
        };
    }
}
