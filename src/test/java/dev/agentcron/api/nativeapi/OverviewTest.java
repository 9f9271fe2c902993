package dev.agentcron.api.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.LocalServer;
import dev.agentcron.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard's first page reads: the caller's runs summed up, the soonest fires, the paused and why; and who the key is. */
class OverviewTest {

    private static final String KEY = "overview-key";

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final CountDownLatch runEnded = new CountDownLatch(1);
    private App app;
    private Api api;
    private String nightly;
    private String review;

    @BeforeEach
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, KEY, clock, new App.Signals(id -> runEnded.countDown()));
        api = LocalServer.api(app, KEY);
        nightly = oz("nightly build", "0 3 * * *");
        review = oz("weekly review", "0 18 * * 5");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private String oz(String name, String cron) {
        return api.post("/api/v1/agent/schedules", "{\"name\":\"%s\",\"cron_schedule\":\"%s\",\"prompt\":\"go\"}".formatted(name, cron))
                .body().get("id").asText();
    }

    @Test
    void pausingWithAReasonShowsTheReasonUntilResumed() {
        JsonNode paused = api.post("/v1/schedules/" + review + "/pause", "{\"reason\":\"  agent is being retrained \"}").body();
        JsonNode overview = api.get("/v1/overview").body();

        assertThat(paused.get("state").asText()).isEqualTo("paused");
        assertThat(paused.get("paused_reason").asText()).isEqualTo("agent is being retrained");
        assertThat(overview.get("paused").findValuesAsText("id")).containsExactly(review);
        assertThat(overview.get("paused").get(0).get("paused_reason").asText()).isEqualTo("agent is being retrained");
        assertThat(overview.get("upcoming").findValuesAsText("id")).containsExactly(nightly);
        assertThat(api.post("/v1/schedules/" + review + "/resume", null).body().get("paused_reason").isNull()).isTrue();
    }

    @Test
    void pausingWithoutABodyOrWithABadReasonIsClear() {
        assertThat(api.post("/v1/schedules/" + review + "/pause", null).body().get("paused_reason").isNull()).isTrue();
        Api.Response tooLong = api.post("/v1/schedules/" + nightly + "/pause", "{\"reason\":\"" + "x".repeat(501) + "\"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("field").asText()).isEqualTo("reason");
        assertThat(api.get("/v1/schedules/" + nightly).body().get("state").asText()).isEqualTo("active");
    }

    @Test
    void sumsUpTheRunsOfTheLastHourAndDay() throws InterruptedException {
        JsonNode before = api.get("/v1/overview").body();
        api.post("/v1/schedules/" + nightly + "/run", null);
        assertThat(runEnded.await(20, TimeUnit.SECONDS)).isTrue();

        JsonNode after = api.get("/v1/overview").body();

        assertThat(before.at("/last_hour/runs").asLong()).isZero();
        assertThat(before.at("/last_day/lateness_ms/p50").isNull()).as("no scheduled run yet").isTrue();
        assertThat(after.at("/last_hour/runs").asLong()).isEqualTo(1);
        assertThat(after.at("/last_day/runs").asLong()).isEqualTo(1);
        long ended = after.at("/last_hour/by_state/succeeded").asLong() + after.at("/last_hour/failed").asLong();
        assertThat(ended).isEqualTo(1);
        assertThat(after.at("/last_day/lateness_ms/p50").isNull()).as("a run by hand has no lateness").isTrue();
    }

    @Test
    void tellsAKeyWhoItIsAndAViewerSeesTheOverviewButCannotPause() {
        JsonNode created = api.post("/v1/keys", "{\"name\":\"wall screen\",\"principal\":\"admin\",\"role\":\"viewer\"}").body();
        Api viewer = api.withKey(created.get("key").asText());

        assertThat(api.get("/v1/me").body().get("role").asText()).isEqualTo("admin");
        assertThat(viewer.get("/v1/me").body().get("role").asText()).isEqualTo("viewer");
        assertThat(viewer.get("/v1/overview").body().get("upcoming")).hasSize(2);
        assertThat(viewer.post("/v1/schedules/" + nightly + "/pause", "{\"reason\":\"no\"}").status()).isEqualTo(403);
        assertThat(api.withKey(null).get("/v1/overview").status()).isEqualTo(401);
    }
}
