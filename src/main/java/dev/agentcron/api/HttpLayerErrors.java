package dev.agentcron.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any route is found (a malformed URI, a request line or headers
 * too large), in the format of the face the path names, instead of Jetty's HTML page. A request whose line
 * could not be read has no path; it gets the plain format.
 */
final class HttpLayerErrors extends ErrorHandler {

    private final ErrorResponses errors;

    HttpLayerErrors(ErrorResponses errors) {
        this.errors = errors;
    }

    /** Jetty writes an error body only for GET, POST and HEAD by default; every method gets one here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "/" : request.getHttpURI().getPath();
        FaceErrors.Rendered rendered = errors.render(path, RoutePath.within(path, Request.getContextPath(request)), code, describe(code));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, rendered.contentType());
        response.getHeaders().put("x-should-retry", "false");
        response.write(true, ByteBuffer.wrap(rendered.body().getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        FaceErrors.Rendered rendered = FaceErrors.PLAIN.render(status, describe(status), null, "/");
        fields.put(HttpHeader.CONTENT_TYPE, rendered.contentType());
        fields.put("x-should-retry", "false");
        return ByteBuffer.wrap(rendered.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Jetty's reasons name its internals; these say what the client can change. */
    private static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad request: the URI, its percent-encoding or a header could not be read";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body is too large";
            case 414 -> "Request URI is too long";
            case 431 -> "Request headers are too large";
            default -> "The request could not be handled (HTTP " + status + ")";
        };
    }
}
