package dev.agentcron.runner;

import static dev.agentcron.testing.Deliveries.agentRun;
import static dev.agentcron.testing.Deliveries.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.runner.HttpCall;
import dev.agentcron.testing.HttpStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server speaking the Chat Completions contract. */
class OpenAiRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpStub.Answer chat(HttpStub.Request request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            String said = body.at("/messages").get(body.at("/messages").size() - 1).get("content").asText();
            return new HttpStub.Answer(200, """
                    {"id":"chatcmpl-1","object":"chat.completion","model":"%s",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"Summary of: %s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""".formatted(body.get("model").asText(), said));
        } catch (Exception e) {
            return new HttpStub.Answer(400, "{}");
        }
    }

    private OpenAiRunner runner(String baseUrl, String model) {
        return new OpenAiRunner(new OpenAiRunner.Settings(URI.create(baseUrl), "sk-test", model, Duration.ofSeconds(5)),
                new HttpCall(HttpClient.newHttpClient(), 1 << 20), JSON);
    }

    @Test
    void sendsTheBasePromptAsSystemAndThePromptAsUserAndReturnsTheAnswer() throws Exception {
        try (HttpStub server = new HttpStub(OpenAiRunnerTest::chat)) {
            DeliveryOutcome outcome = runner(server.url("/v1"), "llama3")
                    .deliver(agentRun("summarise yesterday's incidents", config().put("base_prompt", "You are terse.").put("model_id", "qwen2.5")));

            assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered("Summary of: summarise yesterday's incidents"));
            HttpStub.Request request = server.requests().getFirst();
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.headers()).containsEntry("authorization", "Bearer sk-test");
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.get("model").asText()).isEqualTo("qwen2.5");
            assertThat(body.get("messages").toString()).isEqualTo(
                    "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"summarise yesterday's incidents\"}]");
        }
    }

    @Test
    void usesTheDefaultModelWhenTheConfigNamesNone() throws Exception {
        try (HttpStub server = new HttpStub(OpenAiRunnerTest::chat)) {
            runner(server.url("/v1/"), "llama3").deliver(agentRun("hi", null));

            assertThat(JSON.readTree(server.requests().getFirst().body()).get("model").asText()).isEqualTo("llama3");
            assertThat(server.requests().getFirst().path()).isEqualTo("/v1/chat/completions");
        }
    }

    @Test
    void withoutAnyModelItIsASpawnFailure() {
        assertThat(runner("http://127.0.0.1:9/v1", null).deliver(agentRun("hi", null))).isInstanceOf(DeliveryOutcome.Rejected.class);
    }

    @Test
    void sortsErrorAnswers() throws Exception {
        try (HttpStub unauthorised = new HttpStub(r -> new HttpStub.Answer(401, "{\"error\":{\"message\":\"bad key\"}}"));
                HttpStub overloaded = new HttpStub(r -> new HttpStub.Answer(503, "{}"));
                HttpStub odd = new HttpStub(r -> new HttpStub.Answer(200, "{\"choices\":[]}"))) {
            assertThat(runner(unauthorised.url("/v1"), "m").deliver(agentRun("hi", null))).isInstanceOf(DeliveryOutcome.Rejected.class);
            assertThat(runner(overloaded.url("/v1"), "m").deliver(agentRun("hi", null))).isInstanceOf(DeliveryOutcome.Retryable.class);
            assertThat(runner(odd.url("/v1"), "m").deliver(agentRun("hi", null))).isInstanceOfSatisfying(DeliveryOutcome.Failed.class,
                    f -> assertThat(f.reason()).contains("no choices[0].message.content"));
        }
    }
}
