package dev.agentcron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A server, as the client commands call it: JSON in and out, and a failure as the exit code it means. */
final class Client {

    /** A request that did not succeed, with the exit code it means and what the server said. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String key;

    Client(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(1, "cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(1, "interrupted");
        }
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return answer;
        }
        String message = answer != null && answer.hasNonNull("message") ? answer.get("message").asText() : "HTTP " + status;
        throw new Failure(status == 401 || status == 403 ? 4 : 1, message + " (HTTP " + status + ")");
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (IOException notJson) {
            return json.getNodeFactory().textNode(body);
        }
    }
}
