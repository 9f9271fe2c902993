package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Runs a prompt through the Chat Completions API of any OpenAI-compatible server (OpenAI, Ollama, vLLM,
 * the llama.cpp server): {@code POST {base_url}/chat/completions} with {@code agent_config.base_prompt} as
 * the system message and the prompt as the user message. The model is {@code agent_config.model_id}, else
 * the runner's default. The answer's text is the output.
 */
public final class OpenAiRunner implements Runner {

    /**
     * @param baseUrl the API root, such as {@code https://api.openai.com/v1} or {@code http://localhost:11434/v1}
     * @param apiKey sent as a Bearer token; may be null for local servers
     * @param model used when {@code agent_config.model_id} is absent; may be null
     */
    public record Settings(URI baseUrl, String apiKey, String model, Duration timeout) {}

    private final Settings settings;
    private final HttpCall http;
    private final ObjectMapper json;

    public OpenAiRunner(Settings settings, HttpCall http, ObjectMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String model = delivery.modelId() != null ? delivery.modelId() : settings.model();
        if (model == null) {
            return new DeliveryOutcome.Rejected("no model: set agent_config.model_id or the runner's MODEL", null);
        }
        Duration deadline = delivery.timeoutWithin(settings.timeout());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + "/chat/completions"))
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("User-Agent", "agentcron")
                .header("Idempotency-Key", delivery.runId().value())
                .POST(HttpRequest.BodyPublishers.ofString(body(model, delivery)));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        return HttpOutcomes.of(http.send(request.build(), deadline), "model server " + settings.baseUrl(), this::answer);
    }

    private String body(String model, Delivery delivery) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        JsonNode basePrompt = delivery.agentConfig().get("base_prompt");
        if (basePrompt != null && basePrompt.isTextual() && !basePrompt.asText().isBlank()) {
            messages.addObject().put("role", "system").put("content", basePrompt.asText());
        }
        messages.addObject().put("role", "user").put("content", delivery.prompt());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chat request", e);
        }
    }

    private DeliveryOutcome answer(String text) {
        JsonNode content;
        try {
            content = json.readTree(text).path("choices").path(0).path("message").path("content");
        } catch (JsonProcessingException e) {
            return new DeliveryOutcome.Failed("the model server's answer is not JSON", text);
        }
        if (!content.isTextual()) {
            return new DeliveryOutcome.Failed("the model server's answer has no choices[0].message.content", text);
        }
        return new DeliveryOutcome.Delivered(content.asText());
    }
}
