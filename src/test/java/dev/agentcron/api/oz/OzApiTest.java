package dev.agentcron.api.oz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Oz face over real HTTP, with a command runner that starts a real script. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OzApiTest {

    private static final String KEY = "oz-test-key";
    private static final String SCHEDULES = "/api/v1/agent/schedules";
    private static final String RUNS = "/api/v1/agent/runs";

    private App app;
    private Api api;
    private Path pidFile;
    /** Completed when the server says a run's end is written (its test signal): nothing here polls for it. */
    private final Map<String, CompletableFuture<Void>> ended = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        Path agent = dir.resolve("agent.sh");
        Files.writeString(agent, "#!/bin/sh\necho \"agent did: $AGENTCRON_PROMPT\"\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        pidFile = dir.resolve("slow.pid");
        Path slow = dir.resolve("slow.sh");
        Files.writeString(slow, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put("AGENTCRON_RUNNER_SLOW_TYPE", "command");
        env.put("AGENTCRON_RUNNER_SLOW_COMMAND", slow.toString());
        env.put("AGENTCRON_PORT", "0");
        env.put("AGENTCRON_HOST", "127.0.0.1");
        env.put("AGENTCRON_DATA_DIR", dir.resolve("data").toString());
        env.put("AGENTCRON_API_KEY", KEY);
        env.put("AGENTCRON_RUNNER_SCRIPT_TYPE", "command");
        env.put("AGENTCRON_RUNNER_SCRIPT_COMMAND", agent.toString());
        env.put("AGENTCRON_RUNNER_MISSING_TYPE", "command");
        env.put("AGENTCRON_RUNNER_MISSING_COMMAND", dir.resolve("not-installed").toString());
        env.put("AGENTCRON_RUNNER_DEFAULT", "script");
        env.put("AGENTCRON_ROUTES", "harness=ghost:missing,harness=slow:slow");
        app = App.start(ConfigLoader.load(env), InstantSource.system(), new PrintStream(new ByteArrayOutputStream()),
                new App.Signals(id -> endOf(id.value()).complete(null)));
        api = new Api("http://127.0.0.1:" + app.port(), KEY);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private JsonNode create(String body) {
        Api.Response created = api.post(SCHEDULES, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private CompletableFuture<Void> endOf(String runId) {
        return ended.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    /** The run once its end is written; the timeout only bounds a failure. */
    private JsonNode awaitRunEnd(String runId) {
        try {
            endOf(runId).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("run " + runId + " did not end", e);
        }
        return api.get(RUNS + "/" + runId).body();
    }

    @Nested
    class Schedules {

        @Test
        void createsAScheduleWithEveryRequiredKey() {
            JsonNode item = create("""
                    {"name":"Daily review","cron_schedule":"0 9 * * *","prompt":"review open PRs","agent_config":{"model_id":"m1"}}""");

            assertThat(item.get("id").asText()).startsWith("sch-");
            assertThat(item.get("name").asText()).isEqualTo("Daily review");
            assertThat(item.get("cron_schedule").asText()).isEqualTo("0 9 * * *");
            assertThat(item.get("enabled").asBoolean()).isTrue();
            assertThat(item.get("prompt").asText()).isEqualTo("review open PRs");
            assertThat(item.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(item.get("updated_at").asText()).isEqualTo(item.get("created_at").asText());
            assertThat(item.has("last_spawn_error")).isTrue();
            assertThat(item.get("last_spawn_error").isNull()).isTrue();
            assertThat(item.at("/history/next_run").asText()).endsWith("T09:00:00.000Z");
            assertThat(item.at("/history/last_ran").isNull()).isTrue();
            assertThat(item.at("/scope/type").asText()).as("the admin key belongs to no team").isEqualTo("User");
            assertThat(item.at("/created_by/uid").asText()).isEqualTo("admin");
            assertThat(item.at("/agent_config/model_id").asText()).isEqualTo("m1");
            assertThat(item.get("overlap").asText()).isEqualTo("skip");
        }

        @Test
        void listsByNameCaseInsensitivelyWithAStableTieBreak() {
            String b = create("{\"name\":\"beta\",\"cron_schedule\":\"0 1 * * *\",\"prompt\":\"p\"}").get("id").asText();
            String a1 = create("{\"name\":\"Alpha\",\"cron_schedule\":\"0 1 * * *\",\"prompt\":\"p\"}").get("id").asText();
            String a2 = create("{\"name\":\"alpha\",\"cron_schedule\":\"0 1 * * *\",\"prompt\":\"p\"}").get("id").asText();

            List<String> ids = ids(api.get(SCHEDULES).body().get("schedules"));

            assertThat(ids).containsSubsequence(a1, a2, b);
        }

        @Test
        void updatesEveryFieldAndKeepsAgentConfigWhenItIsLeftOut() {
            String id = create("""
                    {"name":"n","cron_schedule":"0 9 * * *","prompt":"p","agent_config":{"model_id":"m1","newer_key":{"x":1}},
                     "agent_uid":"agent-7","metadata":{"team":"infra"},"mode":"plan"}""").get("id").asText();

            Api.Response updated = api.send("PUT", SCHEDULES + "/" + id,
                    "{\"name\":\"renamed\",\"cron_schedule\":\"30 10 * * 1-5\",\"enabled\":true,\"prompt\":\"new prompt\"}", null);

            assertThat(updated.status()).isEqualTo(200);
            JsonNode item = updated.body();
            assertThat(item.get("name").asText()).isEqualTo("renamed");
            assertThat(item.get("cron_schedule").asText()).isEqualTo("30 10 * * 1-5");
            assertThat(item.get("prompt").asText()).isEqualTo("new prompt");
            assertThat(item.at("/agent_config/newer_key/x").asInt()).isEqualTo(1);
            assertThat(item.at("/history/next_run").asText()).endsWith("T10:30:00.000Z");
            JsonNode again = api.get(SCHEDULES + "/" + id).body();
            assertThat(again.get("name").asText()).isEqualTo("renamed");
        }

        @Test
        void takesTimeZonesIntervalsAndPoliciesAsExtensionFields() {
            JsonNode item = create("""
                    {"name":"paris standup","cron_schedule":"30 2 * * *","timezone":"Europe/Paris","prompt":"p",
                     "catch_up":"skip","jitter":"5m","max_attempts":3,"retry_backoff":"30s","timeout":"10m","auto_pause_after":4}""");
            JsonNode every = create("{\"name\":\"poll\",\"cron_schedule\":\"@every 90s\",\"prompt\":\"p\"}");
            JsonNode seconds = create("{\"name\":\"fast\",\"cron_schedule\":\"*/20 * * * * *\",\"prompt\":\"p\"}");

            assertThat(item.get("timezone").asText()).isEqualTo("Europe/Paris");
            assertThat(item.get("catch_up").asText()).isEqualTo("skip");
            assertThat(item.get("jitter").asText()).isEqualTo("5m");
            assertThat(item.get("max_attempts").asInt()).isEqualTo(3);
            assertThat(item.get("retry_backoff").asText()).isEqualTo("30s");
            assertThat(item.get("timeout").asText()).isEqualTo("10m");
            assertThat(item.get("auto_pause_after").asInt()).isEqualTo(4);
            assertThat(every.get("cron_schedule").asText()).isEqualTo("@every 90s");
            assertThat(seconds.at("/history/next_run").asText()).matches(".*:[0-5][02468]\\.000Z|.*:(00|20|40)\\.000Z");
        }

        @Test
        void skipsTheNextOccurrence() {
            JsonNode item = create("{\"name\":\"daily\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}");
            String next = item.at("/history/next_run").asText();

            JsonNode skipped = api.post(SCHEDULES + "/" + item.get("id").asText() + "/skip-next", null).body();

            assertThat(java.time.Instant.parse(skipped.at("/history/next_run").asText()))
                    .isEqualTo(java.time.Instant.parse(next).plus(java.time.Duration.ofDays(1)));
        }

        @Test
        void keepsTheFieldsNewerSdksSend() {
            JsonNode item = create("""
                    {"name":"n","cron_schedule":"0 9 * * *","prompt":"p","agent_uid":"agent-7","metadata":{"team":"infra"},
                     "mode":"plan","agent_config":{"harness":{"type":"oz"},"skills":["a/b:c"]}}""");

            assertThat(item.get("agent_uid").asText()).isEqualTo("agent-7");
            assertThat(item.at("/metadata/team").asText()).isEqualTo("infra");
            assertThat(item.get("mode").asText()).isEqualTo("plan");
            assertThat(item.at("/agent_config/skills/0").asText()).isEqualTo("a/b:c");
        }

        @Test
        void pausesAndResumesIdempotentlyWithoutABody() {
            String id = create("{\"name\":\"p\",\"cron_schedule\":\"*/5 * * * *\",\"prompt\":\"p\"}").get("id").asText();

            JsonNode paused = api.post(SCHEDULES + "/" + id + "/pause", null).body();
            JsonNode pausedAgain = api.post(SCHEDULES + "/" + id + "/pause", null).body();
            JsonNode resumed = api.post(SCHEDULES + "/" + id + "/resume", null).body();
            JsonNode resumedAgain = api.post(SCHEDULES + "/" + id + "/resume", null).body();

            assertThat(paused.get("enabled").asBoolean()).isFalse();
            assertThat(paused.at("/history/next_run").isNull()).isTrue();
            assertThat(pausedAgain.get("enabled").asBoolean()).isFalse();
            assertThat(resumed.get("enabled").asBoolean()).isTrue();
            assertThat(resumed.at("/history/next_run").asText()).matches(".*:[0-5][05]:00\\.000Z");
            assertThat(resumedAgain.at("/history/next_run").asText()).isEqualTo(resumed.at("/history/next_run").asText());
        }

        @Test
        void aRetriedCreateWithTheSameIdempotencyKeyMakesNoSecondSchedule() {
            String body = "{\"name\":\"once only\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}";

            Api.Response first = api.post(SCHEDULES, body, "oz-retry-1");
            Api.Response again = api.post(SCHEDULES, body, "oz-retry-1");
            Api.Response other = api.post(SCHEDULES, body.replace("once only", "another"), "oz-retry-1");

            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
            assertThat(other.status()).isEqualTo(409);
            assertThat(api.get(SCHEDULES).body().get("schedules").findValuesAsText("name")).containsOnlyOnce("once only");
        }

        @Test
        void createsPausedWhenEnabledIsFalse() {
            JsonNode item = create("{\"name\":\"off\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"enabled\":false}");

            assertThat(item.get("enabled").asBoolean()).isFalse();
            assertThat(item.at("/history/next_run").isNull()).isTrue();
        }

        @Test
        void deletesThenAnswers404ButKeepsTheRuns() {
            String id = create("{\"name\":\"gone\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"bye\"}").get("id").asText();
            String runId = api.post(SCHEDULES + "/" + id + "/run", null).body().get("run_id").asText();
            awaitRunEnd(runId);

            Api.Response deleted = api.delete(SCHEDULES + "/" + id, null);

            assertThat(deleted.body().toString()).isEqualTo("{\"success\":true}");
            Api.Response missing = api.get(SCHEDULES + "/" + id);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("content-type")).startsWith("application/problem+json");
            assertThat(missing.body().get("message").asText()).isEqualTo("Schedule not found");
            assertThat(api.get(RUNS + "?schedule_id=" + id).body().get("runs")).hasSize(1);
        }
    }

    @Nested
    class Runs {

        @Test
        void runNowStartsTheCommandAndTheRunShowsItsOutput() {
            String id = create("{\"name\":\"echo\",\"cron_schedule\":\"0 3 * * *\",\"prompt\":\"tidy the backlog\"}").get("id").asText();

            Api.Response started = api.post(SCHEDULES + "/" + id + "/run", null);
            JsonNode run = awaitRunEnd(started.body().get("run_id").asText());

            assertThat(started.body().get("task_id").asText()).isEqualTo(started.body().get("run_id").asText());
            assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.get("output").asText()).isEqualTo("agent did: tidy the backlog\n");
            assertThat(run.get("prompt").asText()).isEqualTo("tidy the backlog");
            assertThat(run.get("title").asText()).isEqualTo("echo");
            assertThat(run.at("/schedule/schedule_id").asText()).isEqualTo(id);
            assertThat(run.at("/schedule/cron_schedule").asText()).isEqualTo("0 3 * * *");
            assertThat(run.get("started_at").asText()).endsWith("Z");
            assertThat(api.get(SCHEDULES + "/" + id).body().at("/history/last_ran").isTextual()).isTrue();
        }

        @Test
        void aMissingCommandSetsLastSpawnErrorAndEndsTheRunInError() {
            String id = create("""
                    {"name":"ghost","cron_schedule":"0 3 * * *","prompt":"p","agent_config":{"harness":{"type":"ghost"}}}""")
                    .get("id").asText();

            JsonNode run = awaitRunEnd(api.post(SCHEDULES + "/" + id + "/run", null).body().get("run_id").asText());

            assertThat(run.get("state").asText()).isEqualTo("ERROR");
            assertThat(run.at("/status_message/message").asText()).contains("cannot start", "not-installed");
            assertThat(api.get(SCHEDULES + "/" + id).body().get("last_spawn_error").asText()).contains("cannot start");
        }

        @Test
        void startsAnAdHocRunAndListsRunsWithFiltersAndAnOpaqueCursor() {
            List<String> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(api.post("/api/v1/agent/run", "{\"prompt\":\"ad hoc " + i + "\",\"title\":\"t" + i + "\"}").body().get("run_id").asText());
            }
            started.forEach(OzApiTest.this::awaitRunEnd);

            JsonNode first = api.get(RUNS + "?limit=2&source=API&state=SUCCEEDED").body();
            JsonNode second = api.get(RUNS + "?limit=2&source=API&state=SUCCEEDED&cursor=" + first.at("/page_info/next_cursor").asText()).body();

            assertThat(first.get("runs")).hasSize(2);
            assertThat(first.at("/page_info/has_next_page").asBoolean()).isTrue();
            List<String> paged = new ArrayList<>(ids(first.get("runs"), "run_id"));
            paged.addAll(ids(second.get("runs"), "run_id"));
            assertThat(paged).doesNotHaveDuplicates().containsAll(started);
            assertThat(first.at("/runs/0/source").asText()).isEqualTo("API");
            assertThat(api.get(RUNS + "?state=BLOCKED").body().get("runs")).isEmpty();
        }

        @Test
        void cancellingARunningCommandKillsItAndEndsTheRunCancelled() throws IOException {
            String runId = api.post(RUNS, "{\"prompt\":\"long job\",\"config\":{\"harness\":{\"type\":\"slow\"}}}")
                    .body().get("run_id").asText();
            JsonNode running = await().atMost(Duration.ofSeconds(20)).until(() -> api.get(RUNS + "/" + runId).body(),
                    run -> run.get("state").asText().equals("INPROGRESS") && Files.exists(pidFile));
            assertThat(running.get("started_at").asText()).endsWith("Z");
            long pid = Long.parseLong(await().until(() -> Files.readString(pidFile).trim(), text -> !text.isEmpty()));

            Api.Response cancel = api.post(RUNS + "/" + runId + "/cancel", null);

            assertThat(cancel.status()).isEqualTo(200);
            assertThat(cancel.raw()).isEqualTo("\"" + runId + "\"");
            JsonNode run = awaitRunEnd(runId);
            assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(run.at("/status_message/message").asText()).startsWith("cancelled by");
            // Gone already, or gone once its exit completes (the timeout only bounds a failure).
            ProcessHandle.of(pid).ifPresent(process -> assertThat(process.onExit().orTimeout(20, TimeUnit.SECONDS).join().isAlive()).isFalse());
        }

        @Test
        void cancellingAFinishedRunIsA400() {
            String runId = api.post(RUNS, "{\"prompt\":\"quick\"}").body().get("run_id").asText();
            awaitRunEnd(runId);

            Api.Response cancel = api.post(RUNS + "/" + runId + "/cancel", null);

            assertThat(cancel.status()).isEqualTo(400);
            assertThat(cancel.body().get("detail").asText()).contains("already finished");
        }
    }

    @Nested
    class BadInput {

        static Stream<Arguments> badRequests() {
            return Stream.of(
                    Arguments.of("POST", SCHEDULES, "{", 400),
                    Arguments.of("POST", SCHEDULES, "[]", 400),
                    Arguments.of("POST", SCHEDULES, "{\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"  \",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"prompt\":\"p\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"every day\",\"prompt\":\"p\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 0 9 * * * 2030\",\"prompt\":\"p\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"timezone\":\"Nowhere\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"max_attempts\":0}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"auto_pause_after\":\"3\"}", 400),
                    Arguments.of("POST", SCHEDULES + "/sch-unknown/skip-next", null, 404),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":5}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"enabled\":\"yes\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"agent_config\":[]}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"agent_config\":{\"model_id\":7}}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"overlap\":\"sometimes\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"mode\":\"turbo\"}", 400),
                    Arguments.of("POST", SCHEDULES, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"metadata\":{\"bad key\":\"v\"}}", 400),
                    Arguments.of("PUT", SCHEDULES + "/sch-unknown", "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"enabled\":true}", 404),
                    Arguments.of("GET", SCHEDULES + "/sch-unknown", null, 404),
                    Arguments.of("DELETE", SCHEDULES + "/sch-unknown", null, 404),
                    Arguments.of("POST", SCHEDULES + "/sch-unknown/pause", null, 404),
                    Arguments.of("POST", SCHEDULES + "/sch-unknown/resume", null, 404),
                    Arguments.of("POST", SCHEDULES + "/sch-unknown/run", null, 404),
                    Arguments.of("PATCH", SCHEDULES, null, 405),
                    Arguments.of("GET", RUNS + "?limit=0", null, 400),
                    Arguments.of("GET", RUNS + "?limit=501", null, 400),
                    Arguments.of("GET", RUNS + "?state=SLEEPING", null, 400),
                    Arguments.of("GET", RUNS + "?source=PIGEON", null, 400),
                    Arguments.of("GET", RUNS + "?cursor=!!!", null, 400),
                    Arguments.of("GET", RUNS + "?created_after=yesterday", null, 400),
                    Arguments.of("GET", RUNS + "/run-unknown", null, 404),
                    Arguments.of("POST", RUNS + "/run-unknown/cancel", null, 404),
                    Arguments.of("POST", "/api/v1/agent/run", "{\"title\":\"no prompt\"}", 400),
                    Arguments.of("POST", "/api/v1/agent/run", "{\"prompt\":\"p\",\"config\":\"x\"}", 400));
        }

        @ParameterizedTest(name = "{0} {1} {2}")
        @MethodSource("badRequests")
        void getsA4xxAsProblemJson(String method, String path, String body, int status) {
            int before = api.get(SCHEDULES).body().get("schedules").size();

            Api.Response response = api.send(method, path, body, null);

            assertThat(response.status()).as(response.raw()).isEqualTo(status);
            assertThat(response.header("content-type")).startsWith("application/problem+json");
            JsonNode problem = response.body();
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("type").asText()).startsWith("/reference/api-and-sdk/troubleshooting/errors/");
            assertThat(problem.get("title").isTextual()).isTrue();
            assertThat(problem.get("error").isTextual()).isTrue();
            assertThat(problem.get("message").isTextual()).isTrue();
            assertThat(response.raw()).doesNotContain("Exception", "\tat ");
            assertThat(api.get(SCHEDULES).body().get("schedules")).hasSize(before);
        }

        @Test
        void refusesAMissingKeyWithProblemJson() {
            Api.Response response = api.withKey(null).get(SCHEDULES);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().get("type").asText()).endsWith("/authentication-required/");
        }
    }

    private static List<String> ids(JsonNode array) {
        return ids(array, "id");
    }

    private static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }
}
