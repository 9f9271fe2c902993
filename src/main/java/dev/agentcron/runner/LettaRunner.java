package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.AgentId;
import dev.agentcron.domain.DeviceEnvironment;
import dev.agentcron.domain.ScheduleKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Sends a scheduled message to a Letta agent: {@code POST {base}/v1/agents/{agent_id}/messages} with the
 * stored {@code messages}, {@code max_steps} and {@code include_return_message_types}, and records the
 * {@code LettaResponse}; an agent run's prompt goes as one user message. The run id goes along as
 * {@code Idempotency-Key}. A 4xx other than 408, 409 and 429 (such as 404 for an unknown agent) is a spawn
 * failure, not retried.
 *
 * <p>A message with a {@code target_device_id} goes, as on Letta Cloud, to that computer's live listener when Letta
 * says it is online ({@link LettaEnvironments}), and to the agent itself when it is not.
 */
public final class LettaRunner implements Runner {

    /** The request fields of a scheduled message that the Letta messages API takes as they are. */
    private static final List<String> FORWARDED = List.of("messages", "include_return_message_types");

    /**
     * Settings of this runner. {@code token} may be null (no Authorization header is sent). {@code agentId},
     * when set, is the agent that agent runs (prompts) are sent to; otherwise their {@code agent_config.name}.
     */
    public record Settings(URI baseUrl, String token, Duration timeout, String agentId) {}

    private final Settings settings;
    private final LettaEndpoint letta;
    private final HttpCall http;
    private final ObjectMapper json;
    private final LettaEnvironments environments;
    private final InstantSource clock;

    public LettaRunner(Settings settings, HttpCall http, ObjectMapper json, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.letta = new LettaEndpoint(settings.baseUrl(), settings.token());
        this.http = http;
        this.json = json;
        this.environments = new LettaEnvironments(letta, http, json, clock);
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String agentId = agentId(delivery);
        if (agentId == null) {
            return new DeliveryOutcome.Rejected("no Letta agent to send to: set the runner's AGENT_ID or agent_config.name", null);
        }
        if (!AgentId.isValid(agentId)) {
            return new DeliveryOutcome.Rejected("the Letta agent id " + (agentId.length() <= 64 ? "\"" + agentId + "\"" : "given")
                    + " " + AgentId.RULE, null);
        }
        Duration deadline = delivery.timeoutWithin(settings.timeout());
        String device = delivery.kind() == ScheduleKind.LETTA_MESSAGE ? delivery.input().path("target_device_id").asText("") : "";
        if (device.isEmpty()) {
            return toAgent(agentId, delivery, deadline, null);
        }
        Instant asked = clock.instant();
        DeviceEnvironment environment = environments.find(device, deadline);
        // The lookup and the delivery share the delivery's deadline.
        Duration left = deadline.minus(Duration.between(asked, clock.instant()));
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
            return new DeliveryOutcome.Retryable("asking Letta about device " + device + " used up the delivery's time", null);
        }
        return switch (environment) {
            case DeviceEnvironment.Registered r when r.online() ->
                    environments.send(r.connectionId(), device, toDevice(agentId, delivery), delivery.runId().value(), left);
            case DeviceEnvironment.Registered r -> toAgent(agentId, delivery, left, "device " + device + " was offline; sent to the agent");
            case DeviceEnvironment.Unknown u -> toAgent(agentId, delivery, left, "Letta does not know device " + device + "; sent to the agent");
            case DeviceEnvironment.Unanswered u -> toAgent(agentId, delivery, left,
                    "could not ask Letta about device " + device + " (" + u.reason() + "); sent to the agent");
        };
    }

    /** To the agent itself; {@code note}, when set, says why a message meant for a device went there. */
    private DeliveryOutcome toAgent(String agentId, Delivery delivery, Duration deadline, String note) {
        HttpRequest request = HttpRequest.newBuilder(letta.uri("/v1/agents/" + LettaEndpoint.segment(agentId) + "/messages"))
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", delivery.runId().value())
                .headers(letta.headers())
                .POST(HttpRequest.BodyPublishers.ofString(body(delivery)))
                .build();
        DeliveryOutcome outcome = HttpOutcomes.of(http.send(request, deadline), "Letta at " + settings.baseUrl(), DeliveryOutcome.Delivered::new);
        return note != null && outcome instanceof DeliveryOutcome.Delivered d && d.note() == null
                ? new DeliveryOutcome.Delivered(d.response(), note) : outcome;
    }

    /** What a device's listener takes: the messages, the agent, and the conversation when one was named. */
    private ObjectNode toDevice(String agentId, Delivery delivery) {
        ObjectNode body = message(delivery);
        body.put("agentId", agentId);
        if (delivery.input().path("conversation_id").isTextual()) {
            body.put("conversationId", delivery.input().get("conversation_id").asText());
        }
        return body;
    }

    private String agentId(Delivery delivery) {
        return switch (delivery.kind()) {
            case LETTA_MESSAGE -> delivery.agentId();
            case AGENT_RUN -> settings.agentId() != null ? settings.agentId()
                    : delivery.agentConfig().path("name").isTextual() ? delivery.agentConfig().get("name").asText() : null;
        };
    }

    private String body(Delivery delivery) {
        try {
            return json.writeValueAsString(message(delivery));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stored payload", e);
        }
    }

    private ObjectNode message(Delivery delivery) {
        ObjectNode payload = delivery.input();
        ObjectNode body = json.createObjectNode();
        if (!payload.has("messages")) {
            // An agent run: its prompt becomes one user message.
            body.putArray("messages").addObject().put("role", "user").put("content", delivery.prompt());
        }
        for (String field : FORWARDED) {
            if (payload.hasNonNull(field)) {
                body.set(field, payload.get(field));
            }
        }
        if (payload.hasNonNull("max_steps")) {
            // Letta takes an integer; the schedule API documents a number, so 10.0 arrives as a double.
            body.put("max_steps", payload.get("max_steps").asInt());
        }
        return body;
    }
}
