package dev.agentcron.api;

import dev.agentcron.service.ServiceException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error in the format of the face the request was for, chosen by path ({@link FaceErrors#owns}),
 * since an unmatched route has no handler to ask. No stack trace leaves the process; an unexpected error is
 * logged under a request id that the response names. Every 4xx but 429 says {@code x-should-retry: false}, so the
 * official SDKs do not repeat a request that cannot succeed.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final List<FaceErrors> faces;

    /** @param faces the faces' formats, asked in order; the plain format answers for any other path */
    public ErrorResponses(List<FaceErrors> faces) {
        this.faces = faces;
    }

    public void service(ServiceException e, Context ctx) {
        FaceErrors face = faceOf(RoutePath.of(ctx));
        switch (e) {
            case ServiceException.NotFound n -> respond(ctx, face, 404, face.notFound(n.subject()), null);
            case ServiceException.InvalidInput i when i.field() != null -> {
                String field = face.field(i.field());
                respond(ctx, face, 400, field + ": " + i.reason(), field);
            }
            case ServiceException.InvalidInput i -> respond(ctx, face, 400, i.getMessage(), i.path());
            case ServiceException.Conflict c -> respond(ctx, face, 409, c.getMessage(), null);
            case ServiceException.TooLarge t -> respond(ctx, face, 413, t.getMessage(), null);
            case ServiceException.Unauthorized u -> respond(ctx, face, 401, u.getMessage(), null);
            case ServiceException.Forbidden f -> respond(ctx, face, 403, f.getMessage(), null);
            case ServiceException.TooManyRequests t -> {
                ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                respond(ctx, face, 429, t.getMessage(), null);
            }
        }
    }

    public void http(HttpResponseException e, Context ctx) {
        String path = ctx.path().length() <= 200 ? ctx.path() : ctx.path().substring(0, 200) + "…";
        String message = switch (e.getStatus()) {
            case 404 -> "Not found: " + ctx.method() + " " + path;
            case 405 -> "Method " + ctx.method() + " is not allowed on " + path;
            case 413 -> "Request body is too large";
            default -> e.getMessage();
        };
        respond(ctx, faceOf(RoutePath.of(ctx)), e.getStatus(), message, null);
    }

    public void unexpected(Exception e, Context ctx) {
        String requestId = UUID.randomUUID().toString();
        log.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
        respond(ctx, faceOf(RoutePath.of(ctx)), 500, "Internal error; logged as request " + requestId, null);
    }

    /**
     * An error for {@code path} in its face's format, for errors raised outside the routes (the HTTP layer);
     * {@code routePath} is {@code path} without the base path.
     */
    FaceErrors.Rendered render(String path, String routePath, int status, String message) {
        return faceOf(routePath).render(status, message, null, path);
    }

    /** No answer quotes a client's input at length: a message is cut at 500 characters. */
    private static String brief(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }

    private FaceErrors faceOf(String path) {
        return faces.stream().filter(face -> face.owns(path)).findFirst().orElse(FaceErrors.PLAIN);
    }

    private static void respond(Context ctx, FaceErrors face, int status, String message, String field) {
        FaceErrors.Rendered rendered = face.render(status, brief(message), field, ctx.path());
        // A 429 is worth a retry once Retry-After has passed; no other 4xx is.
        ctx.status(status).header("x-should-retry", status == 429 ? "true" : "false").contentType(rendered.contentType())
                .result(rendered.body());
    }
}
