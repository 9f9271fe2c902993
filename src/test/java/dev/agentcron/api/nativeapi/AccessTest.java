package dev.agentcron.api.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys with roles, teams and agent scopes; their revocation; the audit log; and the abuse limits, over HTTP. */
class AccessTest {

    private static final String ADMIN = "access-admin-key";
    private static final String OZ = "/api/v1/agent/schedules";
    private static final String LETTA = "/v1/agents/research-1/schedule";
    private static final String MESSAGE = """
            {"messages":[{"role":"user","content":"hi"}],"schedule":{"type":"recurring","cron_expression":"0 9 * * *"}}""";

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private App app;
    private Api admin;

    void start(Path dir, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "AGENTCRON_PORT", "0", "AGENTCRON_HOST", "127.0.0.1", "AGENTCRON_DATA_DIR", dir.toString(),
                "AGENTCRON_API_KEY", ADMIN));
        env.putAll(extra);
        app = App.start(ConfigLoader.load(env), clock, new PrintStream(new ByteArrayOutputStream()));
        admin = new Api("http://127.0.0.1:" + app.port(), ADMIN);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private Api key(String body) {
        Api.Response created = admin.post("/v1/keys", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return admin.withKey(created.body().get("key").asText());
    }

    @Nested
    class KeysAndRoles {

        @BeforeEach
        void open(@TempDir Path dir) {
            start(dir, Map.of());
        }

        @Test
        void aViewerReadsButCannotChangeAnything() {
            String id = admin.post(OZ, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}").body().get("id").asText();
            Api viewer = key("{\"name\":\"dash\",\"principal\":\"admin\",\"role\":\"viewer\"}");

            assertThat(viewer.get(OZ + "/" + id).status()).isEqualTo(200);
            assertThat(viewer.post("/v1/schedules/preview", "{\"cron\":\"0 9 * * *\"}").status()).isEqualTo(200);
            Api.Response pause = viewer.post(OZ + "/" + id + "/pause", null);
            assertThat(pause.status()).isEqualTo(403);
            assertThat(pause.body().get("type").asText()).endsWith("/not-authorized/");
            assertThat(viewer.post(OZ, "{\"name\":\"x\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}").status()).isEqualTo(403);
            assertThat(viewer.delete(OZ + "/" + id, null).status()).isEqualTo(403);
            assertThat(viewer.get("/v1/keys").status()).as("keys are for admins").isEqualTo(403);
            assertThat(admin.get(OZ + "/" + id).body().get("enabled").asBoolean()).isTrue();
        }

        @Test
        void aRevokedKeyIsRefusedAtOnce() {
            Api.Response created = admin.post("/v1/keys", "{\"name\":\"ci\",\"principal\":\"ci\",\"role\":\"editor\"}");
            Api ci = admin.withKey(created.body().get("key").asText());
            assertThat(ci.get(OZ).status()).isEqualTo(200);

            assertThat(admin.delete("/v1/keys/" + created.body().get("id").asText(), null).status()).isEqualTo(200);

            Api.Response refused = ci.get(OZ);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().get("message").asText()).contains("revoked");
            JsonNode listed = admin.get("/v1/keys").body().get("keys");
            assertThat(listed.findValuesAsText("name")).contains("ci");
            assertThat(listed.toString()).doesNotContain(created.body().get("key").asText());
        }

        @Test
        void anExpiredKeyIsRefused() {
            Api temp = key("{\"name\":\"temp\",\"principal\":\"temp\",\"expires_at\":\"2030-01-01T01:00:00Z\"}");
            assertThat(temp.get(OZ).status()).isEqualTo(200);

            clock.set(Instant.parse("2030-01-01T01:00:00Z"));

            assertThat(temp.get(OZ).status()).isEqualTo(401);
        }

        @Test
        void aTeamOwnsWhatItsMembersMakeAndEveryMemberSeesIt() {
            Api alice = key("{\"name\":\"alice\",\"principal\":\"alice\",\"teams\":[\"platform\"]}");
            Api bob = key("{\"name\":\"bob\",\"principal\":\"bob\",\"teams\":[\"platform\"]}");
            Api carol = key("{\"name\":\"carol\",\"principal\":\"carol\"}");

            JsonNode team = alice.post(OZ, "{\"name\":\"shared\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}").body();
            JsonNode personal = alice.post(OZ, "{\"name\":\"mine\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"team\":false}").body();
            Api.Response noTeam = carol.post(OZ, "{\"name\":\"x\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"team\":true}");

            assertThat(team.at("/scope/type").asText()).isEqualTo("Team");
            assertThat(team.at("/scope/uid").asText()).isEqualTo("platform");
            assertThat(team.at("/created_by/uid").asText()).as("the real principal").isEqualTo("alice");
            assertThat(personal.at("/scope/type").asText()).isEqualTo("User");
            assertThat(bob.get(OZ).body().get("schedules").findValuesAsText("name")).containsExactly("shared");
            assertThat(bob.post(OZ + "/" + team.get("id").asText() + "/pause", null).body().at("/updated_by/uid").asText()).isEqualTo("bob");
            assertThat(carol.get(OZ + "/" + team.get("id").asText()).status()).isEqualTo(404);
            assertThat(noTeam.status()).isEqualTo(400);
            assertThat(noTeam.body().get("detail").asText()).contains("team");
        }

        @Test
        void aKeyLimitedToAgentsMessagesNoOther() {
            Api research = key("{\"name\":\"r\",\"principal\":\"research\",\"agents\":\"research-*\"}");
            Api listed = key("{\"name\":\"l\",\"principal\":\"ops\",\"agents\":\"ops-1,ops-2\"}");

            assertThat(research.post(LETTA, MESSAGE).status()).isEqualTo(201);
            assertThat(research.post("/v1/agents/finance-1/schedule", MESSAGE).status()).isEqualTo(403);
            assertThat(listed.post("/v1/agents/ops-2/schedule", MESSAGE).status()).isEqualTo(201);
            assertThat(listed.post("/v1/agents/ops-3/schedule", MESSAGE).status()).isEqualTo(403);
            assertThat(research.post(OZ, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\",\"agent_config\":{\"name\":\"finance-1\"}}")
                    .status()).isEqualTo(403);
        }

        @Test
        void theAuditLogShowsWhoChangedWhatWithWhichKey() {
            Api.Response created = admin.post("/v1/keys", "{\"name\":\"ed\",\"principal\":\"ed\",\"role\":\"editor\"}");
            Api ed = admin.withKey(created.body().get("key").asText());
            String id = ed.post(OZ, "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}").body().get("id").asText();
            ed.post(OZ + "/" + id + "/pause", null);
            ed.delete(OZ + "/" + id, null);

            JsonNode entries = admin.get("/v1/audit?limit=3").body().get("entries");

            assertThat(entries.findValuesAsText("action")).containsExactly("schedule.delete", "schedule.pause", "schedule.create");
            assertThat(entries.findValuesAsText("actor")).containsOnly("ed");
            assertThat(entries.findValuesAsText("key_id")).containsOnly(created.body().get("id").asText());
            assertThat(entries.findValuesAsText("target")).containsOnly(id);
            assertThat(admin.get("/v1/audit").body().get("entries").findValuesAsText("action")).contains("key.create");
            assertThat(ed.get("/v1/audit").status()).isEqualTo(403);
        }
    }

    @Nested
    class Limits {

        @Test
        void aKeyOverItsRateGets429WithRetryAfter(@TempDir Path dir) {
            start(dir, Map.of("AGENTCRON_RATE_LIMIT", "1", "AGENTCRON_RATE_BURST", "3"));

            List<Integer> statuses = java.util.stream.IntStream.range(0, 6).mapToObj(i -> admin.get(OZ).status()).toList();
            Api.Response limited = admin.get(OZ);

            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses).contains(429);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).matches("\\d+");
            assertThat(limited.body().get("type").asText()).endsWith("/rate-limited/");
        }

        @Test
        void anOwnerCannotHaveMoreSchedulesThanTheCap(@TempDir Path dir) {
            start(dir, Map.of("AGENTCRON_MAX_SCHEDULES", "2"));

            admin.post(LETTA, MESSAGE);
            admin.post(LETTA, MESSAGE);
            Api.Response third = admin.post(LETTA, MESSAGE);

            assertThat(third.status()).isEqualTo(409);
            assertThat(third.body().get("detail").asText()).contains("AGENTCRON_MAX_SCHEDULES");
        }

        @Test
        void aScheduleMayNotFireMoreOftenThanTheMinimumInterval(@TempDir Path dir) {
            start(dir, Map.of("AGENTCRON_MIN_INTERVAL", "1m"));

            Api.Response everySecond = admin.post(OZ, "{\"name\":\"s\",\"cron_schedule\":\"* * * * * *\",\"prompt\":\"p\"}");
            Api.Response twiceAnHourButCloseTogether = admin.post(OZ, "{\"name\":\"s\",\"cron_schedule\":\"0,30 9 * * *\",\"prompt\":\"p\"}");
            Api.Response every30s = admin.post(OZ, "{\"name\":\"s\",\"cron_schedule\":\"@every 30s\",\"prompt\":\"p\"}");
            Api.Response everyMinute = admin.post(OZ, "{\"name\":\"s\",\"cron_schedule\":\"* * * * *\",\"prompt\":\"p\"}");

            assertThat(everySecond.status()).isEqualTo(400);
            assertThat(everySecond.body().get("detail").asText()).contains("AGENTCRON_MIN_INTERVAL");
            assertThat(every30s.status()).isEqualTo(400);
            assertThat(twiceAnHourButCloseTogether.status()).as("30 minutes apart").isEqualTo(201);
            assertThat(everyMinute.status()).isEqualTo(201);
        }
    }
}
