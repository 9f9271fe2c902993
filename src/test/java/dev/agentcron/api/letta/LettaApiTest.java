package dev.agentcron.api.letta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.CallbackReceiver;
import dev.agentcron.testing.FakeLetta;
import dev.agentcron.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Letta face over real HTTP, against a running server whose agent is a real HTTP stand-in for Letta. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LettaApiTest {

    private static final String KEY = "test-admin-key";
    private static final String SECRET = "whsec_dGVzdC1zZWNyZXQ=";
    private static final String AGENT = "agent-00000000-0000-4000-8000-000000000000";
    private static final String BASE = "/v1/agents/" + AGENT + "/schedule";

    private Path dataDir;
    /** The server's clock: it moves only when a test moves it, so nothing here races the wall clock. */
    private static final ManualClock CLOCK = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private FakeLetta letta;
    private CallbackReceiver callbacks;
    private App app;
    private Api api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir;
        letta = new FakeLetta();
        callbacks = new CallbackReceiver();
        Map<String, String> env = new HashMap<>();
        env.put("AGENTCRON_PORT", "0");
        env.put("AGENTCRON_HOST", "127.0.0.1");
        env.put("AGENTCRON_DATA_DIR", dataDir.toString());
        env.put("AGENTCRON_API_KEY", KEY);
        env.put("AGENTCRON_LETTA_BASE_URL", letta.baseUrl());
        env.put("AGENTCRON_LETTA_TOKEN", "letta-token");
        env.put("AGENTCRON_CALLBACK_SECRET", SECRET);
        env.put("AGENTCRON_ALLOWED_TARGET_HOSTS", "127.0.0.1");
        env.put("AGENTCRON_MAX_BODY_BYTES", "65536");
        app = App.start(ConfigLoader.load(env), CLOCK, new PrintStream(new ByteArrayOutputStream()));
        api = new Api("http://127.0.0.1:" + app.port(), KEY);
    }

    @AfterAll
    void stop() {
        app.close();
        letta.close();
        callbacks.close();
    }

    /** Moves the server's clock to {@code at} (never back) and wakes its engine to look. */
    private void reach(Instant at) {
        if (at.isAfter(CLOCK.instant())) {
            CLOCK.set(at);
        }
        app.wake();
    }

    private static String oneTime(long at) {
        return """
                {"messages":[{"role":"user","content":"ping"}],"schedule":{"type":"one-time","scheduled_at":%d}}""".formatted(at);
    }

    private static long inAnHour() {
        return CLOCK.instant().plusSeconds(3600).toEpochMilli();
    }

    @Nested
    class Lifecycle {

        @Test
        void createsRetrievesListsAndDeletesAOneTimeMessage() {
            long at = inAnHour();
            String body = """
                    {"messages":[{"role":"user","content":[{"type":"text","text":"hi"}],"name":"n","otid":"o","sender_id":"s","type":"message"}],
                     "schedule":{"scheduled_at":%d},"callback_url":"https://example.com/hook",
                     "include_return_message_types":["assistant_message"],"max_steps":10}""".formatted(at);

            Api.Response created = api.post(BASE, body);

            assertThat(created.status()).isEqualTo(201);
            String id = created.body().get("id").asText();
            assertThat(created.body().get("next_scheduled_at").asText()).isEqualTo(iso(at));

            JsonNode got = api.get(BASE + "/" + id).body();
            assertThat(got.get("id").asText()).isEqualTo(id);
            assertThat(got.get("agent_id").asText()).isEqualTo(AGENT);
            assertThat(got.get("next_scheduled_time").asText()).isEqualTo(iso(at));
            assertThat(got.get("schedule").toString()).isEqualTo("{\"type\":\"one-time\",\"scheduled_at\":" + at + "}");
            assertThat(got.get("message").get("callback_url").asText()).isEqualTo("https://example.com/hook");
            assertThat(got.get("message").get("max_steps").asInt()).isEqualTo(10);
            assertThat(got.get("message").get("include_return_message_types").toString()).isEqualTo("[\"assistant_message\"]");
            assertThat(got.get("message").get("messages").get(0).get("content").get(0).get("text").asText()).isEqualTo("hi");

            assertThat(api.get(BASE).body().get("scheduled_messages")).extracting(n -> n.get("id").asText()).contains(id);

            Api.Response deleted = api.delete(BASE + "/" + id, "{}");
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.body().toString()).isEqualTo("{\"success\":true}");

            Api.Response gone = api.get(BASE + "/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.body().get("detail").asText()).isEqualTo("Scheduled message not found");
            assertThat(gone.body().get("message").asText()).isEqualTo("Scheduled message not found");
        }

        @Test
        void deletesWithoutABodyToo() {
            String id = api.post(BASE, oneTime(inAnHour())).body().get("id").asText();

            assertThat(api.delete(BASE + "/" + id, null).status()).isEqualTo(200);
            assertThat(api.delete(BASE + "/" + id, null).status()).isEqualTo(404);
        }

        @Test
        void createsARecurringMessageWhoseNextTimeIsTheNextCronMatch() {
            Api.Response created = api.post(BASE, """
                    {"messages":[{"role":"user","content":"tick"}],"schedule":{"type":"recurring","cron_expression":"0 9 * * 1-5"}}""");

            assertThat(created.status()).isEqualTo(201);
            String next = created.body().get("next_scheduled_at").asText();
            assertThat(next).endsWith("T09:00:00.000Z");
            JsonNode got = api.get(BASE + "/" + created.body().get("id").asText()).body();
            assertThat(got.get("schedule").toString()).isEqualTo("{\"type\":\"recurring\",\"cron_expression\":\"0 9 * * 1-5\"}");
            assertThat(got.get("next_scheduled_time").asText()).isEqualTo(next);
            assertThat(got.get("message").has("callback_url")).isFalse();
        }

        @Test
        void acceptsAndEchoesTheCloudFieldsThatLettaCronSends() {
            Api.Response created = api.post(BASE, """
                    {"messages":[{"role":"user","content":"standup"}],"schedule":{"type":"recurring","cron_expression":"*/5 * * * *"},
                     "name":"standup","description":"daily","conversation_id":"conv-1","use_sandbox":true,"target_device_id":null,
                     "some_future_field":{"x":1}}""");

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("use_sandbox").asBoolean()).isTrue();
            JsonNode got = api.get(BASE + "/" + created.body().get("id").asText()).body();
            assertThat(got.get("name").asText()).isEqualTo("standup");
            assertThat(got.get("description").asText()).isEqualTo("daily");
            assertThat(got.get("conversation_id").asText()).isEqualTo("conv-1");
            assertThat(got.get("use_sandbox").asBoolean()).isTrue();
            assertThat(got.has("created_at")).isTrue();
        }

        @Test
        void pagesWithAfterAndLimitGivenAsStrings() {
            String agent = "/v1/agents/agent-paging/schedule";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(api.post(agent, oneTime(inAnHour() + i)).body().get("id").asText());
            }

            JsonNode first = api.get(agent + "?limit=2").body();
            JsonNode second = api.get(agent + "?limit=2&after=" + ids.get(1)).body();
            JsonNode last = api.get(agent + "?limit=2&after=" + ids.get(3)).body();

            assertThat(first.get("scheduled_messages")).extracting(n -> n.get("id").asText()).containsExactly(ids.get(0), ids.get(1));
            assertThat(first.get("has_next_page").asBoolean()).isTrue();
            assertThat(second.get("scheduled_messages")).extracting(n -> n.get("id").asText()).containsExactly(ids.get(2), ids.get(3));
            assertThat(last.get("scheduled_messages")).extracting(n -> n.get("id").asText()).containsExactly(ids.get(4));
            assertThat(last.get("has_next_page").asBoolean()).isFalse();
        }

        @Test
        void listsAnAgentWithNoSchedulesAsEmptyNot404() {
            Api.Response empty = api.get("/v1/agents/agent-nobody/schedule?limit=1");

            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.body().toString()).isEqualTo("{\"scheduled_messages\":[],\"has_next_page\":false}");
        }
    }

    @Nested
    class Delivery {

        @Test
        void deliversADueMessageRecordsTheAnswerAndSendsASignedCallback() throws Exception {
            long at = CLOCK.instant().plusSeconds(60).toEpochMilli();
            String body = """
                    {"messages":[{"role":"user","content":"wake up"}],"schedule":{"scheduled_at":%d},"max_steps":3.0,
                     "include_return_message_types":["assistant_message"],"callback_url":"%s"}"""
                    .formatted(at, callbacks.url("/done"));
            String agent = "/v1/agents/agent-delivery/schedule";
            String id = api.post(agent, body).body().get("id").asText();
            reach(Instant.ofEpochMilli(at));

            FakeLetta.Request request = letta.next("agent-delivery", 10);
            assertThat(request).isNotNull();
            assertThat(request.agentId()).isEqualTo("agent-delivery");
            assertThat(request.authorization()).isEqualTo("Bearer letta-token");
            assertThat(request.body().get("messages").get(0).get("content").asText()).isEqualTo("wake up");
            assertThat(request.body().get("max_steps").isInt()).isTrue();
            assertThat(request.body().get("include_return_message_types").get(0).asText()).isEqualTo("assistant_message");

            CallbackReceiver.Received callback = callbacks.next("/done", 10);
            assertThat(callback).isNotNull();
            assertThat(callback.header("webhook-signature")).isEqualTo(new WebhookSignature(SECRET).sign(
                    callback.header("webhook-id"), Instant.ofEpochSecond(Long.parseLong(callback.header("webhook-timestamp"))), callback.body()));
            JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(callback.body());
            assertThat(payload.get("run_id").asText()).isEqualTo(request.idempotencyKey());
            assertThat(payload.get("status").asText()).isEqualTo("completed");
            assertThat(payload.at("/metadata/schedule_id").asText()).isEqualTo(id);
            assertThat(payload.at("/metadata/scheduled_for").asText()).isEqualTo(iso(at));
            assertThat(payload.at("/metadata/result/messages")).hasSize(1); // reasoning filtered out
            assertThat(payload.at("/metadata/result/messages/0/content").asText()).contains("wake up");

            assertThat(api.get(agent + "/" + id).status()).isEqualTo(404); // one-time messages go once fired
            // The attempt is recorded just after the receiver has answered it.
            JsonNode history = await().atMost(Duration.ofSeconds(10)).until(() -> api.get(agent + "/" + id + "/history").body(),
                    h -> h.at("/history/0/callback/status").asText().equals("delivered"));
            JsonNode entry = history.get("history").get(0);
            assertThat(entry.get("id").asText()).isEqualTo(request.idempotencyKey());
            assertThat(entry.get("status").asText()).isEqualTo("success");
            assertThat(entry.get("run_id").asText()).isEqualTo("run-letta-1");
            assertThat(entry.at("/response/stop_reason/stop_reason").asText()).isEqualTo("end_turn");
            assertThat(entry.get("scheduled_for").asText()).isEqualTo(iso(at));
            assertThat(entry.at("/callback/status").asText()).isEqualTo("delivered");
            assertThat(history.get("has_next_page").asBoolean()).isFalse();
            assertThat(history.get("next_offset").isNull()).isTrue();
        }

        @Test
        void aCallbackThatFailedForGoodIsSentAgainOnRequest() throws Exception {
            callbacks.thenAnswer(400); // not retryable: failed after one attempt
            long at = CLOCK.instant().plusSeconds(60).toEpochMilli();
            String body = """
                    {"messages":[{"role":"user","content":"report"}],"schedule":{"scheduled_at":%d},"callback_url":"%s"}"""
                    .formatted(at, callbacks.url("/flaky"));
            api.post("/v1/agents/agent-resend/schedule", body);
            reach(Instant.ofEpochMilli(at));
            String run = letta.next("agent-resend", 10).idempotencyKey();
            CallbackReceiver.Received refused = callbacks.next("/flaky", 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/runs/" + run).body().at("/callback/state").asText().equals("failed"));

            Api.Response resent = api.post("/v1/runs/" + run + "/callback/resend", null);
            CallbackReceiver.Received again = callbacks.next("/flaky", 10);

            assertThat(resent.status()).isEqualTo(200);
            assertThat(again).isNotNull();
            assertThat(again.body()).isEqualTo(refused.body());
            assertThat(again.header("webhook-id")).as("the receiver can tell a repeat").isEqualTo(refused.header("webhook-id"));
            JsonNode delivered = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/runs/" + run).body(),
                    r -> r.at("/callback/state").asText().equals("delivered"));
            assertThat(delivered.at("/callback/attempts").asInt()).as("a fresh budget").isEqualTo(1);
            assertThat(api.post("/v1/runs/run-unknown/callback/resend", null).status()).isEqualTo(404);
        }

        @Test
        void aMessageToAnAgentLettaDoesNotKnowFailsWithoutRetry() throws Exception {
            String agent = "/v1/agents/agent-missing/schedule";
            String body = """
                    {"messages":[{"role":"user","content":"hello?"}],"schedule":{"scheduled_at":%d},"callback_url":"%s"}"""
                    .formatted(CLOCK.instant().plusSeconds(60).toEpochMilli(), callbacks.url("/missing"));
            String id = api.post(agent, body).body().get("id").asText();
            reach(CLOCK.instant().plusSeconds(60));

            CallbackReceiver.Received callback = callbacks.next("/missing", 10);

            assertThat(callback.body()).contains("\"status\":\"failed\"", "404");
            JsonNode entry = api.get(agent + "/" + id + "/history").body().get("history").get(0);
            assertThat(entry.get("status").asText()).isEqualTo("failed");
            assertThat(entry.get("attempt").asInt()).isEqualTo(1);
            assertThat(entry.get("error").asText()).contains("404");
        }
    }

    /** {@code letta cron add} without {@code --runner}: a computer connected to Letta is asked about, then delivered to. */
    @Nested
    class Devices {

        @Test
        void answersWhatLettaSaysOfADeviceAndNothingMore() {
            letta.environment("device-listed", "connection-listed", CLOCK.millis());

            Api.Response found = api.get("/v1/environments/device-listed");
            Api.Response unknown = api.get("/v1/environments/device-nobody-knows");
            Api.Response malformed = api.get("/v1/environments/..%2F..%2Fv1%2Fagents");

            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body().get("connectionId").asText()).isEqualTo("connection-listed");
            assertThat(found.body().get("lastHeartbeat").asLong()).isEqualTo(CLOCK.millis());
            assertThat(found.body().get("organizationId").asText()).isEqualTo("org-1");
            assertThat(found.raw()).as("who owns it and where it works stay behind").doesNotContain("secret", "metadata", "/home/");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().get("detail").asText()).isEqualTo("Environment not found");
            assertThat(malformed.status()).isIn(400, 404);
            assertThat(api.withKey(null).get("/v1/environments/device-listed").status()).isEqualTo(401);
        }

        @Test
        void aMessageForAConnectedDeviceIsHandedToItsConnection() throws Exception {
            letta.environment("device-online", "connection-online", CLOCK.millis());
            long at = CLOCK.instant().plusSeconds(60).toEpochMilli();
            String agent = "/v1/agents/agent-on-device/schedule";
            String id = api.post(agent, """
                    {"messages":[{"role":"user","content":"check the build"}],"schedule":{"scheduled_at":%d},
                     "conversation_id":"conv-7","use_sandbox":true,"target_device_id":"device-online"}""".formatted(at)).body().get("id").asText();
            reach(Instant.ofEpochMilli(at));

            FakeLetta.Request handed = letta.nextEnvironmentMessage(10);

            assertThat(handed).isNotNull();
            assertThat(handed.agentId()).as("the connection").isEqualTo("connection-online");
            assertThat(handed.authorization()).isEqualTo("Bearer letta-token");
            assertThat(handed.body().get("agentId").asText()).isEqualTo("agent-on-device");
            assertThat(handed.body().get("conversationId").asText()).isEqualTo("conv-7");
            assertThat(handed.body().at("/messages/0/content").asText()).isEqualTo("check the build");
            JsonNode entry = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get(agent + "/" + id + "/history").body().path("history").path(0), e -> e.path("status").asText().equals("success"));
            assertThat(entry.get("id").asText()).isEqualTo(handed.idempotencyKey());
            assertThat(entry.at("/response/success").asBoolean()).isTrue();
            assertThat(letta.all()).noneMatch(r -> r.agentId().equals("agent-on-device"));
        }

        @Test
        void aMessageForADeviceOfflineOrUnknownGoesToTheAgentAndSaysWhy() throws Exception {
            letta.environment("device-asleep", "connection-asleep", CLOCK.instant().minus(Duration.ofMinutes(5)).toEpochMilli());
            long at = CLOCK.instant().plusSeconds(60).toEpochMilli();
            String asleep = "/v1/agents/agent-device-asleep/schedule";
            String unknown = "/v1/agents/agent-device-unknown/schedule";
            String body = """
                    {"messages":[{"role":"user","content":"hello"}],"schedule":{"scheduled_at":%d},"target_device_id":"%s"}""";
            String asleepId = api.post(asleep, body.formatted(at, "device-asleep")).body().get("id").asText();
            String unknownId = api.post(unknown, body.formatted(at, "device-gone")).body().get("id").asText();
            reach(Instant.ofEpochMilli(at));

            assertThat(letta.next("agent-device-asleep", 10)).isNotNull();
            assertThat(letta.next("agent-device-unknown", 10)).isNotNull();
            JsonNode asleepEntry = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get(asleep + "/" + asleepId + "/history").body().path("history").path(0), e -> e.path("status").asText().equals("success"));
            JsonNode unknownEntry = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get(unknown + "/" + unknownId + "/history").body().path("history").path(0), e -> e.path("status").asText().equals("success"));
            assertThat(asleepEntry.get("error").asText()).isEqualTo("device device-asleep was offline; sent to the agent");
            assertThat(unknownEntry.get("error").asText()).isEqualTo("Letta does not know device device-gone; sent to the agent");
            assertThat(asleepEntry.at("/response/stop_reason/stop_reason").asText()).isEqualTo("end_turn");
        }
    }

    @Nested
    class Idempotency {

        @Test
        void aRetriedCreateWithTheSameKeyReturnsTheFirstResult() {
            String body = oneTime(inAnHour());

            Api.Response first = api.post(BASE, body, "retry-1");
            Api.Response again = api.post(BASE, body, "retry-1");

            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(first.body());
        }

        @Test
        void theSameKeyWithAnotherRequestIsAConflict() {
            api.post(BASE, oneTime(inAnHour()), "retry-2");

            Api.Response other = api.post(BASE, oneTime(inAnHour() + 1), "retry-2");

            assertThat(other.status()).isEqualTo(409);
            assertThat(other.header("x-should-retry")).isEqualTo("false");
        }
    }

    @Nested
    class Auth {

        @Test
        void refusesAMissingOrWrongKeyInLettaShape() {
            Api.Response missing = api.withKey(null).get(BASE);
            Api.Response wrong = api.withKey("nope").get(BASE);

            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.body().get("detail").asText()).contains("Missing API key");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body().get("message").asText()).isEqualTo("Invalid API key");
        }

        @Test
        void anotherPrincipalSeesNoneOfTheSchedules() {
            String id = api.post(BASE, oneTime(inAnHour())).body().get("id").asText();
            String bobKey = api.post("/v1/keys", "{\"name\":\"bob's\",\"principal\":\"bob\",\"role\":\"editor\"}")
                    .body().get("key").asText();
            Api bob = api.withKey(bobKey);

            assertThat(bob.get(BASE + "/" + id).status()).isEqualTo(404);
            assertThat(bob.delete(BASE + "/" + id, null).status()).isEqualTo(404);
            assertThat(bob.get(BASE).body().get("scheduled_messages")).isEmpty();
            assertThat(api.get(BASE + "/" + id).status()).isEqualTo(200);
        }

        @Test
        void leavesTheOperationalRoutesOpen() {
            assertThat(api.withKey(null).get("/healthz").status()).isEqualTo(200);
            assertThat(api.withKey(null).get("/readyz").status()).isEqualTo(200);
            assertThat(api.withKey(null).get("/metrics").raw()).contains("agentcron_runs_fired_total");
        }
    }

    @Nested
    class BadInput {

        static Stream<Arguments> badCreates() {
            long future = CLOCK.instant().plusSeconds(3600).toEpochMilli();
            String schedule = "\"schedule\":{\"scheduled_at\":" + future + "}";
            String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
            return Stream.of(
                    Arguments.of("not JSON", "{", null),
                    Arguments.of("an array", "[1]", null),
                    Arguments.of("empty", "", null),
                    Arguments.of("no messages", "{" + schedule + "}", "messages"),
                    Arguments.of("messages not an array", "{\"messages\":\"hi\"," + schedule + "}", "messages"),
                    Arguments.of("no message", "{\"messages\":[]," + schedule + "}", "messages"),
                    Arguments.of("message not an object", "{\"messages\":[1]," + schedule + "}", "messages[0]"),
                    Arguments.of("unknown role", "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]," + schedule + "}", "messages[0].role"),
                    Arguments.of("no content", "{\"messages\":[{\"role\":\"user\"}]," + schedule + "}", "messages[0].content"),
                    Arguments.of("content a number", "{\"messages\":[{\"role\":\"user\",\"content\":5}]," + schedule + "}", "messages[0].content"),
                    Arguments.of("unknown part", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]," + schedule + "}", "messages[0].content[0].type"),
                    Arguments.of("image without source", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]," + schedule + "}", "messages[0].content[0].source"),
                    Arguments.of("message type", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"type\":\"other\"}]," + schedule + "}", "messages[0].type"),
                    Arguments.of("no schedule", "{" + messages + "}", "schedule"),
                    Arguments.of("schedule a string", "{" + messages + ",\"schedule\":\"soon\"}", "schedule"),
                    Arguments.of("unknown schedule type", "{" + messages + ",\"schedule\":{\"type\":\"weekly\"}}", "schedule.type"),
                    Arguments.of("scheduled_at missing", "{" + messages + ",\"schedule\":{\"type\":\"one-time\"}}", "schedule.scheduled_at"),
                    Arguments.of("scheduled_at a string", "{" + messages + ",\"schedule\":{\"scheduled_at\":\"tomorrow\"}}", "schedule.scheduled_at"),
                    Arguments.of("scheduled_at fractional", "{" + messages + ",\"schedule\":{\"scheduled_at\":" + future + ".5}}", "schedule.scheduled_at"),
                    Arguments.of("scheduled_at negative", "{" + messages + ",\"schedule\":{\"scheduled_at\":-1}}", "schedule.scheduled_at"),
                    Arguments.of("scheduled_at in the past", "{" + messages + ",\"schedule\":{\"scheduled_at\":0}}", "schedule.scheduled_at"),
                    Arguments.of("scheduled_at in seconds", "{" + messages + ",\"schedule\":{\"scheduled_at\":" + future / 1000 + "}}", "schedule.scheduled_at"),
                    Arguments.of("cron missing", "{" + messages + ",\"schedule\":{\"type\":\"recurring\"}}", "schedule.cron_expression"),
                    Arguments.of("cron invalid", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"every day\"}}", "schedule.cron_expression"),
                    Arguments.of("cron out of range", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"0 25 * * *\"}}", "schedule.cron_expression"),
                    Arguments.of("cron with 7 fields", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"0 0 9 * * * 2030\"}}", "schedule.cron_expression"),
                    Arguments.of("unknown time zone", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"0 9 * * *\",\"timezone\":\"Mars/Olympus\"}}", "schedule.timezone"),
                    Arguments.of("interval too short", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"@every 10ms\"}}", "schedule.cron_expression"),
                    Arguments.of("end before start", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"0 9 * * *\",\"start_at\":\"2031-01-01T00:00:00Z\",\"end_at\":\"2030-01-01T00:00:00Z\"}}", "schedule.end_at"),
                    Arguments.of("unknown catch-up", "{" + messages + "," + schedule + ",\"catch_up\":\"sometimes\"}", "catch_up"),
                    Arguments.of("bad jitter", "{" + messages + "," + schedule + ",\"jitter\":\"soon\"}", "jitter"),
                    Arguments.of("cron never matching", "{" + messages + ",\"schedule\":{\"type\":\"recurring\",\"cron_expression\":\"0 0 30 2 *\"}}", "schedule.cron_expression"),
                    Arguments.of("return types not an array", "{" + messages + "," + schedule + ",\"include_return_message_types\":\"all\"}", "include_return_message_types"),
                    Arguments.of("unknown return type", "{" + messages + "," + schedule + ",\"include_return_message_types\":[\"event_message\"]}", "include_return_message_types[0]"),
                    Arguments.of("max_steps zero", "{" + messages + "," + schedule + ",\"max_steps\":0}", "max_steps"),
                    Arguments.of("max_steps fractional", "{" + messages + "," + schedule + ",\"max_steps\":1.5}", "max_steps"),
                    Arguments.of("max_steps a string", "{" + messages + "," + schedule + ",\"max_steps\":\"5\"}", "max_steps"),
                    Arguments.of("callback not a URL", "{" + messages + "," + schedule + ",\"callback_url\":\"not a url\"}", "callback_url"),
                    Arguments.of("callback not http", "{" + messages + "," + schedule + ",\"callback_url\":\"ftp://example.com/x\"}", "callback_url"),
                    Arguments.of("callback to localhost", "{" + messages + "," + schedule + ",\"callback_url\":\"http://localhost:9/x\"}", "callback_url"),
                    Arguments.of("callback to metadata", "{" + messages + "," + schedule + ",\"callback_url\":\"http://169.254.169.254/latest\"}", "callback_url"),
                    Arguments.of("callback a number", "{" + messages + "," + schedule + ",\"callback_url\":5}", "callback_url"),
                    Arguments.of("name too long", "{" + messages + "," + schedule + ",\"name\":\"" + "n".repeat(201) + "\"}", "name"),
                    Arguments.of("use_sandbox a string", "{" + messages + "," + schedule + ",\"use_sandbox\":\"yes\"}", "use_sandbox"),
                    Arguments.of("deeply nested", "{\"messages\":" + "[".repeat(100) + "]".repeat(100) + "}", null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badCreates")
        void aBadCreateGetsA400NamingTheFieldAndStoresNothing(String why, String body, String field) {
            String agent = "/v1/agents/agent-bad-input/schedule";
            int before = api.get(agent + "?limit=1000").body().get("scheduled_messages").size();

            Api.Response response = api.post(agent, body);

            assertThat(response.status()).as(why).isEqualTo(400);
            assertLettaError(response);
            if (field != null) {
                assertThat(response.body().get("detail").asText()).startsWith(field + ":");
            }
            assertThat(api.get(agent + "?limit=1000").body().get("scheduled_messages")).hasSize(before);
        }

        static Stream<Arguments> badReads() {
            return Stream.of(
                    Arguments.of("GET", BASE + "?limit=0", 400),
                    Arguments.of("GET", BASE + "?limit=abc", 400),
                    Arguments.of("GET", BASE + "?limit=1001", 400),
                    Arguments.of("GET", BASE + "?limit=-5", 400),
                    Arguments.of("GET", "/v1/agents/bad%20agent/schedule", 400),
                    Arguments.of("GET", BASE + "/scheduled_message-unknown", 404),
                    Arguments.of("DELETE", BASE + "/scheduled_message-unknown", 404),
                    Arguments.of("GET", BASE + "/scheduled_message-unknown/history", 404),
                    Arguments.of("GET", BASE + "/x/history?offset=-1", 400),
                    Arguments.of("GET", BASE + "/x/history?limit=zero", 400),
                    Arguments.of("PUT", BASE, 405),
                    Arguments.of("PATCH", BASE + "/x", 405),
                    Arguments.of("GET", "/v1/agents/" + AGENT + "/nothing-here", 404));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("badReads")
        void badReadsGetA4xxInLettaShape(String method, String path, int status) {
            Api.Response response = api.send(method, path, null, null);

            assertThat(response.status()).isEqualTo(status);
            assertLettaError(response);
        }

        @Test
        void aBodyOverTheLimitGets413() {
            String huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}],\"schedule\":{\"scheduled_at\":1}}";

            Api.Response response = api.post(BASE, huge);

            assertThat(response.status()).isEqualTo(413);
            assertLettaError(response);
        }

        private static void assertLettaError(Api.Response response) {
            assertThat(response.header("content-type")).startsWith("application/json");
            assertThat(response.body()).as(response.raw()).isNotNull();
            assertThat(response.body().get("detail").isTextual()).isTrue();
            assertThat(response.body().get("message").isTextual()).isTrue();
            assertThat(response.raw()).doesNotContain("Exception", "\tat ");
        }
    }

    private static String iso(long epochMillis) {
        return dev.agentcron.domain.WireTime.format(Instant.ofEpochMilli(epochMillis));
    }
}
