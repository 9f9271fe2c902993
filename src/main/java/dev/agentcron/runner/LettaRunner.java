package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.AgentId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends a scheduled message to a Letta agent: {@code POST {base}/v1/agents/{agent_id}/messages} with the
 * stored {@code messages}, {@code max_steps} and {@code include_return_message_types}, and records the
 * {@code LettaResponse}; an agent run's prompt goes as one user message. The run id goes along as
 * {@code Idempotency-Key}. A 4xx other than 408, 409 and 429 (such as 404 for an unknown agent) is a spawn
 * failure, not retried.
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
    private final HttpCall http;
    private final ObjectMapper json;

    public LettaRunner(Settings settings, HttpCall http, ObjectMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
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
        HttpRequest request = HttpRequest.newBuilder(messagesUri(agentId))
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", delivery.runId().value())
                .headers(authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body(delivery)))
                .build();
        return HttpOutcomes.of(http.send(request, deadline), "Letta at " + settings.baseUrl(), DeliveryOutcome.Delivered::new);
    }

    private String agentId(Delivery delivery) {
        return switch (delivery.kind()) {
            case LETTA_MESSAGE -> delivery.agentId();
            case AGENT_RUN -> settings.agentId() != null ? settings.agentId()
                    : delivery.agentConfig().path("name").isTextual() ? delivery.agentConfig().get("name").asText() : null;
        };
    }

    private URI messagesUri(String agentId) {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/v1/agents/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "/messages");
    }

    private String[] authorization() {
        return settings.token() == null
                ? new String[] {"User-Agent", "agentcron"}
                : new String[] {"User-Agent", "agentcron", "Authorization", "Bearer " + settings.token()};
    }

    private String body(Delivery delivery) {
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
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stored payload", e);
        }
    }
}
