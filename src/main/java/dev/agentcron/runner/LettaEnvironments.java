package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.DeviceEnvironment;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Asks a Letta server about the computers connected to it ({@code GET /v1/environments/{device_id}}, served by
 * Letta Cloud for letta-code's listeners) and hands a message to one of them
 * ({@code POST /v1/environments/{connection_id}/messages}). Every call has a deadline and a size limit.
 */
public final class LettaEnvironments {

    /** The longest one question to the Letta server may take. */
    static final Duration LOOKUP = Duration.ofSeconds(10);
    /** A connection with no heartbeat for this long is offline: letta-code's {@code isEnvironmentOnline}. */
    static final Duration HEARTBEAT_FRESH = Duration.ofMinutes(2);
    /** What an environment shows of itself; who owns it, its key and its metadata (paths, branches) stay behind. */
    private static final List<String> SHOWN = List.of("id", "connectionId", "deviceId", "listenerInstanceId", "connectionName",
            "organizationId", "podId", "connectedAt", "lastHeartbeat", "lastSeenAt", "firstSeenAt", "currentMode");
    /** Device ids as letta-code makes them (UUIDs, {@code sandbox-...}), with room to spare and nothing that moves a URL. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private final LettaEndpoint letta;
    private final HttpCall http;
    private final ObjectMapper json;
    private final InstantSource clock;

    public LettaEnvironments(URI baseUrl, String token, HttpCall http, ObjectMapper json, InstantSource clock) {
        this(new LettaEndpoint(baseUrl, token), http, json, clock);
    }

    LettaEnvironments(LettaEndpoint letta, HttpCall http, ObjectMapper json, InstantSource clock) {
        this.letta = letta;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    public static boolean isValidDeviceId(String deviceId) {
        return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
    }

    /** What the server says of {@code deviceId}, waiting at most {@link #LOOKUP}. */
    public DeviceEnvironment find(String deviceId) {
        return find(deviceId, LOOKUP);
    }

    /** What the server says of {@code deviceId}, waiting at most {@code within} and never longer than {@link #LOOKUP}. */
    public DeviceEnvironment find(String deviceId, Duration within) {
        if (!isValidDeviceId(deviceId)) {
            return new DeviceEnvironment.Unknown();
        }
        Duration deadline = within.compareTo(LOOKUP) < 0 ? within : LOOKUP;
        HttpRequest request = HttpRequest.newBuilder(letta.uri("/v1/environments/" + LettaEndpoint.segment(deviceId)))
                .timeout(deadline).headers(letta.headers()).GET().build();
        return switch (http.send(request, deadline)) {
            case HttpCall.Response r when r.status() == 404 -> new DeviceEnvironment.Unknown();
            case HttpCall.Response r when r.isSuccess() && !r.truncated() -> registered(r.body());
            case HttpCall.Response r -> new DeviceEnvironment.Unanswered("Letta answered " + r.status());
            case HttpCall.TimedOut t -> new DeviceEnvironment.Unanswered("Letta did not answer within " + t.deadline());
            case HttpCall.Unreachable u -> new DeviceEnvironment.Unanswered("cannot reach Letta");
            case HttpCall.Interrupted i -> new DeviceEnvironment.Unanswered("interrupted");
        };
    }

    private DeviceEnvironment registered(String body) {
        JsonNode answer = parse(body);
        if (answer == null || !answer.isObject() || !answer.path("deviceId").isTextual()) {
            return new DeviceEnvironment.Unanswered("Letta answered with what is not an environment");
        }
        ObjectNode shown = json.createObjectNode();
        SHOWN.stream().filter(answer::has).forEach(field -> shown.set(field, answer.get(field)));
        String connectionId = answer.path("connectionId").isTextual() && !answer.get("connectionId").asText().isEmpty()
                ? answer.get("connectionId").asText() : null;
        JsonNode heartbeat = answer.path("lastHeartbeat");
        boolean online = connectionId != null && heartbeat.isNumber()
                && clock.millis() - heartbeat.asLong() < HEARTBEAT_FRESH.toMillis();
        return new DeviceEnvironment.Registered(shown, connectionId, online);
    }

    /** {@code body} as JSON, or null when it is not. */
    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String excerpt(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /**
     * Hands {@code body} ({@code {messages, agentId, conversationId}}) to the listener of {@code connectionId}.
     * Letta answers {@code {success, message}}: the turn itself runs on the device, so that is the answer kept.
     */
    DeliveryOutcome send(String connectionId, String deviceId, ObjectNode body, String idempotencyKey, Duration deadline) {
        String target = "Letta's connection to device " + deviceId;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(letta.uri("/v1/environments/" + LettaEndpoint.segment(connectionId) + "/messages"))
                    .timeout(deadline)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .headers(letta.headers())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stored payload", e);
        }
        return HttpOutcomes.of(http.send(request, deadline), target, answer -> {
            JsonNode parsed = parse(answer);
            if (parsed != null && parsed.path("success").asBoolean(false)) {
                return new DeliveryOutcome.Delivered(answer);
            }
            String said = parsed != null && parsed.path("message").isTextual() ? ": " + excerpt(parsed.get("message").asText()) : "";
            return new DeliveryOutcome.Retryable(target + " did not take the message" + said, null);
        });
    }
}
