package dev.agentcron.runner;

import static dev.agentcron.testing.Deliveries.agentRun;
import static dev.agentcron.testing.Deliveries.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.runner.HttpCall;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.testing.HttpStub;
import dev.agentcron.testing.ManualClock;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookRunnerTest {

    private static final String SECRET = "whsec_aG9vay1zZWNyZXQ=";
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T03:00:01Z"));

    private WebhookRunner runner(String url) {
        return new WebhookRunner(new WebhookRunner.Settings(URI.create(url), Duration.ofSeconds(5), new WebhookSignature(SECRET)::sign),
                new HttpCall(HttpClient.newHttpClient(), 1 << 20), new ObjectMapper(), clock);
    }

    @Test
    void postsASignedEnvelopeAndTakesTheAnswerAsOutput() throws Exception {
        try (HttpStub target = new HttpStub(r -> new HttpStub.Answer(202, "{\"accepted\":true,\"job\":\"j-7\"}"))) {
            DeliveryOutcome outcome = runner(target.url("/agents/start")).deliver(agentRun("triage the inbox", config().put("model_id", "m")));

            assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered("{\"accepted\":true,\"job\":\"j-7\"}"));
            HttpStub.Request request = target.requests().getFirst();
            JsonNode envelope = new ObjectMapper().readTree(request.body());
            assertThat(envelope.get("run_id").asText()).isEqualTo("run-1");
            assertThat(envelope.get("prompt").asText()).isEqualTo("triage the inbox");
            assertThat(envelope.at("/agent_config/model_id").asText()).isEqualTo("m");
            assertThat(envelope.at("/schedule/schedule_name").asText()).isEqualTo("nightly");
            assertThat(envelope.get("scheduled_for").asText()).isEqualTo("2030-01-01T03:00:00.000Z");
            assertThat(envelope.get("attempt").asInt()).isEqualTo(1);
            assertThat(request.headers()).containsEntry("idempotency-key", "run-1").containsEntry("webhook-id", "run-1");
            assertThat(request.headers().get("webhook-signature"))
                    .isEqualTo(new WebhookSignature(SECRET).sign("run-1", clock.instant(), request.body()));
        }
    }

    @Test
    void retriesA5xxAndTreatsOther4xxAsASpawnFailure() throws Exception {
        try (HttpStub busy = new HttpStub(r -> new HttpStub.Answer(503, "{\"error\":\"busy\"}"));
                HttpStub gone = new HttpStub(r -> new HttpStub.Answer(404, "{\"error\":\"no such agent\"}"))) {
            assertThat(runner(busy.url("/")).deliver(agentRun("x", null))).isInstanceOf(DeliveryOutcome.Retryable.class);
            assertThat(runner(gone.url("/")).deliver(agentRun("x", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                    r -> assertThat(r.reason()).contains("answered 404", "no such agent"));
        }
    }

    @Test
    void retriesWhenTheTargetRefusesTheConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = runner("http://127.0.0.1:" + closedPort + "/").deliver(agentRun("x", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Retryable.class, r -> assertThat(r.reason()).startsWith("cannot reach"));
    }
}
