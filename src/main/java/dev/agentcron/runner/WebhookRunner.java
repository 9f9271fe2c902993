package dev.agentcron.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.WireTime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.BiFunction;

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
    private final HttpClient http;
    private final ObjectMapper json;
    private final InstantSource clock;

    public WebhookRunner(Settings settings, HttpClient http, ObjectMapper json, InstantSource clock) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String body = envelope(delivery);
        var now = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(delivery.timeoutWithin(settings.timeout()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "agentcron")
                .header("Idempotency-Key", delivery.runId().value())
                .header("webhook-id", delivery.runId().value())
                .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .header("webhook-signature", settings.signer().sign(delivery.runId().value(), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(http, request, "webhook " + settings.url(), (status, answer) -> new DeliveryOutcome.Delivered(answer));
    }

    /** Sends {@code request} and sorts the answer by the HTTP retry rule; 2xx answers go to {@code success}. */
    static DeliveryOutcome send(HttpClient http, HttpRequest request, String target,
            BiFunction<Integer, String, DeliveryOutcome> success) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Retryable(target + " did not answer within " + request.timeout().orElseThrow(), null);
        } catch (IOException e) {
            return new DeliveryOutcome.Retryable("cannot reach " + target + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Failed("cancelled while waiting for " + target, null);
        }
        int status = response.statusCode();
        if (HttpStatuses.isSuccess(status)) {
            return success.apply(status, response.body());
        }
        String reason = target + " answered " + status + ": " + HttpStatuses.excerpt(response.body(), 500);
        return HttpStatuses.isRetryable(status)
                ? new DeliveryOutcome.Retryable(reason, HttpStatuses.retryAfter(response))
                : new DeliveryOutcome.Rejected(reason, response.body());
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
