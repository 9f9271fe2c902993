package dev.agentcron.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.domain.DeviceEnvironment;
import dev.agentcron.testing.HttpStub;
import dev.agentcron.testing.ManualClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a Letta server says of a computer, read by letta-code's rules, and what is kept of it. */
class LettaEnvironmentsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));

    private LettaEnvironments environments(String url) {
        return new LettaEnvironments(URI.create(url), "letta-token", new HttpCall(HttpClient.newHttpClient(), 1 << 20), new ObjectMapper(), clock);
    }

    private static String environment(String connectionId, long lastHeartbeat) {
        return """
                {"id":"env-1","connectionId":%s,"deviceId":"device-1","connectionName":"laptop","organizationId":"org-1",
                 "userId":"user-1","apiKeyOwner":"owner-1","lastHeartbeat":%d,"metadata":{"workingDirectory":"/home/x"}}"""
                .formatted(connectionId == null ? "null" : "\"" + connectionId + "\"", lastHeartbeat);
    }

    @Test
    void aConnectionWithAHeartbeatInTheLastTwoMinutesIsOnlineAndOnlyWhatLettaCodeReadsIsKept() throws IOException {
        long now = clock.millis();
        try (HttpStub fresh = new HttpStub(r -> new HttpStub.Answer(200, environment("conn-1", now - 119_000)));
                HttpStub stale = new HttpStub(r -> new HttpStub.Answer(200, environment("conn-1", now - 120_000)));
                HttpStub unconnected = new HttpStub(r -> new HttpStub.Answer(200, environment(null, now)))) {
            DeviceEnvironment found = environments(fresh.url("/")).find("device-1", DEADLINE);

            assertThat(found).isInstanceOfSatisfying(DeviceEnvironment.Registered.class, r -> {
                assertThat(r.online()).isTrue();
                assertThat(r.connectionId()).isEqualTo("conn-1");
                assertThat(r.connection().has("connectionName")).isTrue();
                assertThat(r.connection().has("userId") || r.connection().has("apiKeyOwner") || r.connection().has("metadata")).isFalse();
            });
            assertThat(fresh.requests().getFirst().path()).isEqualTo("/v1/environments/device-1");
            assertThat(fresh.requests().getFirst().headers()).containsEntry("authorization", "Bearer letta-token");
            assertThat(environments(stale.url("/")).find("device-1", DEADLINE))
                    .isInstanceOfSatisfying(DeviceEnvironment.Registered.class, r -> assertThat(r.online()).isFalse());
            assertThat(environments(unconnected.url("/")).find("device-1", DEADLINE))
                    .isInstanceOfSatisfying(DeviceEnvironment.Registered.class, r -> {
                        assertThat(r.online()).isFalse();
                        assertThat(r.connectionId()).isNull();
                    });
        }
    }

    @Test
    void aDeviceLettaDoesNotKnowIsUnknownAndAnIdThatCouldMoveTheUrlIsNotAsked() throws IOException {
        try (HttpStub letta = new HttpStub(r -> new HttpStub.Answer(404, "{\"detail\":\"Environment not found\"}"))) {
            assertThat(environments(letta.url("/")).find("device-2", DEADLINE)).isInstanceOf(DeviceEnvironment.Unknown.class);
            assertThat(environments(letta.url("/")).find("../agents/x", DEADLINE)).isInstanceOf(DeviceEnvironment.Unknown.class);
            assertThat(environments(letta.url("/")).find("a b", DEADLINE)).isInstanceOf(DeviceEnvironment.Unknown.class);
            assertThat(letta.requests()).hasSize(1);
        }
    }

    @Test
    void noAnswerAnErrorOrAnAnswerThatIsNotAnEnvironmentIsUnanswered() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (HttpStub failing = new HttpStub(r -> new HttpStub.Answer(500, "{}"));
                HttpStub odd = new HttpStub(r -> new HttpStub.Answer(200, "[\"not\",\"an\",\"environment\"]"))) {
            assertThat(environments(failing.url("/")).find("device-3", DEADLINE))
                    .isEqualTo(new DeviceEnvironment.Unanswered("Letta answered 500"));
            assertThat(environments(odd.url("/")).find("device-3", DEADLINE))
                    .isEqualTo(new DeviceEnvironment.Unanswered("Letta answered with what is not an environment"));
            assertThat(environments("http://127.0.0.1:" + closed).find("device-3", DEADLINE))
                    .isEqualTo(new DeviceEnvironment.Unanswered("cannot reach Letta"));
        }
    }

    @Test
    void aConnectionThatDoesNotTakeTheMessageIsRetried() throws IOException {
        try (HttpStub refusing = new HttpStub(r -> new HttpStub.Answer(200, "{\"success\":false,\"message\":\"listener busy\"}"))) {
            DeliveryOutcome outcome = environments(refusing.url("/")).send("conn-1", "device-1",
                    new ObjectMapper().createObjectNode().put("agentId", "agent-1"), "run-1", DEADLINE);

            assertThat(outcome).isEqualTo(new DeliveryOutcome.Retryable(
                    "Letta's connection to device device-1 did not take the message: listener busy", null));
            assertThat(refusing.requests().getFirst().path()).isEqualTo("/v1/environments/conn-1/messages");
            assertThat(refusing.requests().getFirst().headers()).containsEntry("idempotency-key", "run-1");
        }
    }
}
