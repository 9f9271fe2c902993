package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.WireTime;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Starts an agent by POSTing a signed JSON envelope to a URL:
 * {@code {run_id, attempt, scheduled_for, schedule, prompt, agent_config}}. A 2xx answer is success and its
 * body is the output; 408, 409, 429, 5xx, timeouts and connection errors are retried; any other answer is a
 * spawn failure. The envelope is signed like callbacks (Standard Webhooks headers) and carries the run id as
 * {@code Idempotency-Key} and {@code webhook-id}.
 */
public final class WebhookRunner implements Runner {

    /**
     * @param url where envelopes go (configured by the operator, so not subject to the target allow-list)
     * @param signer signs {@code (message id, timestamp, body)} into a {@code webhook-signature} value
     */
    public record Settings(URI url, Duration timeout, Signer signer) {}

    /** Produces the {@code webhook-signature} header value. */
    public interface Signer {
        String sign(String messageId, java.time.Instant timestamp, String body);
    }

    private final Settings settings;
    private final HttpCall http;
    private final ObjectMapper json;
    private final InstantSource clock;

    public WebhookRunner(Settings settings, HttpCall http, ObjectMapper json, InstantSource clock) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String body = envelope(delivery);
        var now = clock.instant();
        Duration deadline = delivery.timeoutWithin(settings.timeout());
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("User-Agent", "agentcron")
                .header("Idempotency-Key", delivery.runId().value())
                .header("webhook-id", delivery.runId().value())
                .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .header("webhook-signature", settings.signer().sign(delivery.runId().value(), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpOutcomes.of(http.send(request, deadline), "webhook " + settings.url(), DeliveryOutcome.Delivered::new);
    }

    private String envelope(Delivery delivery) {
        ObjectNode body = json.createObjectNode();
        body.put("run_id", delivery.runId().value());
        body.put("attempt", delivery.attempt());
        body.put("scheduled_for", WireTime.format(delivery.dueAt()));
        body.set("schedule", delivery.schedule());
        body.put("prompt", delivery.prompt());
        body.set("agent_config", delivery.agentConfig());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a webhook envelope", e);
        }
    }
}
