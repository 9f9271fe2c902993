package dev.agentcron.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.service.ServiceException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error in the format of the face the request was for, chosen by path: the Letta face gets
 * {@code {detail, message}} (FastAPI's {@code detail} for Letta clients, {@code message} so the TypeScript
 * SDK's error reads "404 Scheduled message not found"); the Oz face ({@code /api/}) gets
 * {@code application/problem+json} with {@code type, title, status, error, detail, instance} and
 * {@code message}; other routes get {@code {error, message}}. No stack
 * trace leaves the process; an unexpected error is logged under a request id that the response names.
 * Every 4xx says {@code x-should-retry: false}, so the official SDKs do not repeat a request that cannot
 * succeed.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    public void service(ServiceException e, Context ctx) {
        int status = switch (e) {
            case ServiceException.NotFound n -> 404;
            case ServiceException.InvalidInput i -> 400;
            case ServiceException.Conflict c -> 409;
            case ServiceException.TooLarge t -> 413;
            case ServiceException.Unauthorized u -> 401;
        };
        String field = e instanceof ServiceException.InvalidInput invalid ? invalid.field() : null;
        respond(ctx, status, e.getMessage(), field);
    }

    public void http(HttpResponseException e, Context ctx) {
        String message = switch (e.getStatus()) {
            case 404 -> "Not found: " + ctx.method() + " " + ctx.path();
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "Request body is too large";
            default -> e.getMessage();
        };
        respond(ctx, e.getStatus(), message, null);
    }

    public void unexpected(Exception e, Context ctx) {
        String requestId = UUID.randomUUID().toString();
        log.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
        respond(ctx, 500, "Internal error; logged as request " + requestId, null);
    }

    private void respond(Context ctx, int status, String message, String field) {
        ObjectNode body = json.createObjectNode();
        String contentType = "application/json";
        if (ctx.path().startsWith("/v1/agents/")) {
            body.put("detail", message);
            body.put("message", message);
        } else if (ctx.path().startsWith("/api/")) {
            // Oz: RFC 7807 as its API documents, with "message" so the SDK's error reads "404 Schedule not found".
            contentType = "application/problem+json";
            String code = ozCode(status);
            body.put("type", "/reference/api-and-sdk/troubleshooting/errors/" + code.replace('_', '-') + "/");
            body.put("title", title(status));
            body.put("status", status);
            body.put("error", title(status) + " (" + message + ")");
            body.put("detail", message);
            body.put("instance", ctx.path());
            body.put("retryable", false);
            body.put("message", message);
        } else {
            body.put("error", reason(status));
            body.put("message", message);
        }
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).header("x-should-retry", "false").contentType(contentType).result(body.toString());
    }

    private static String ozCode(int status) {
        return switch (status) {
            case 400, 413 -> "invalid_request";
            case 401 -> "authentication_required";
            case 403 -> "not_authorized";
            case 404 -> "resource_not_found";
            case 405 -> "operation_not_supported";
            case 409 -> "conflict";
            default -> "internal_error";
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Authentication required";
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Request too large";
            case 500 -> "Internal error";
            default -> "Error";
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 500 -> "internal";
            default -> "error";
        };
    }
}
