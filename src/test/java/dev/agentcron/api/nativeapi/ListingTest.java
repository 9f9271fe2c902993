package dev.agentcron.api.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.LocalServer;
import dev.agentcron.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules and runs of both faces in one listing, with search, filters and keyset pages. */
class ListingTest {

    private static final String KEY = "listing-key";

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    /** Counted down when the server has written a run's end (its test signal). */
    private final CountDownLatch runEnded = new CountDownLatch(1);
    private App app;
    private Api api;

    @BeforeEach
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, KEY, clock, new App.Signals(id -> runEnded.countDown()));
        api = LocalServer.api(app, KEY);
        letta("agent-a", "water the plants", "0 7 * * *");
        letta("agent-b", "file the expense report", "0 8 * * *");
        oz("nightly build", "run the nightly build", "0 3 * * *");
        String paused = oz("weekly review", "review the week", "0 18 * * 5");
        api.post("/api/v1/agent/schedules/" + paused + "/pause", null);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private String letta(String agent, String text, String cron) {
        return api.post("/v1/agents/" + agent + "/schedule", """
                {"messages":[{"role":"user","content":"%s"}],"schedule":{"type":"recurring","cron_expression":"%s"}}"""
                .formatted(text, cron)).body().get("id").asText();
    }

    private String oz(String name, String prompt, String cron) {
        return api.post("/api/v1/agent/schedules", "{\"name\":\"%s\",\"cron_schedule\":\"%s\",\"prompt\":\"%s\"}"
                .formatted(name, cron, prompt)).body().get("id").asText();
    }

    private List<String> names(String query) {
        JsonNode body = api.get("/v1/schedules" + query).body();
        List<String> names = new ArrayList<>();
        body.get("schedules").forEach(s -> names.add(s.get("name").asText().isEmpty() ? s.get("id").asText().substring(0, 5) : s.get("name").asText()));
        return names;
    }

    @Test
    void listsBothFacesSoonestNextFireFirstWithPausedOnesLast() {
        JsonNode all = api.get("/v1/schedules").body().get("schedules");

        assertThat(all.findValuesAsText("kind")).containsExactly("agent_run", "letta_message", "letta_message", "agent_run");
        assertThat(all.findValuesAsText("state")).containsExactly("active", "active", "active", "paused");
        assertThat(all.get(0).get("description").asText()).isNotBlank();
    }

    @Test
    void pagesByKeysetWithoutRepeatingOrSkipping() {
        JsonNode first = api.get("/v1/schedules?limit=3").body();
        JsonNode second = api.get("/v1/schedules?limit=3&cursor=" + first.get("next_cursor").asText()).body();

        assertThat(first.get("schedules")).hasSize(3);
        assertThat(second.get("schedules")).hasSize(1);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        List<String> ids = new ArrayList<>(first.get("schedules").findValuesAsText("id"));
        ids.addAll(second.get("schedules").findValuesAsText("id"));
        assertThat(ids).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void searchesNamesAgentsAndMessagesAndFilters() {
        assertThat(names("?q=EXPENSE")).hasSize(1);
        assertThat(names("?q=nightly")).containsExactly("nightly build");
        assertThat(names("?q=agent-a")).hasSize(1);
        assertThat(names("?q=100%25")).isEmpty();
        assertThat(names("?face=oz")).containsExactly("nightly build", "weekly review");
        assertThat(names("?face=letta&agent_id=agent-b")).hasSize(1);
        assertThat(names("?state=paused")).containsExactly("weekly review");
        assertThat(api.get("/v1/schedules?face=mars").status()).isEqualTo(400);
        assertThat(api.get("/v1/schedules?cursor=nonsense").status()).isEqualTo(400);
    }

    @Test
    void filtersByTheLastRunsStateAndListsRunsAcrossFaces() throws InterruptedException {
        String nightly = api.get("/v1/schedules?face=oz&state=active").body().at("/schedules/0/id").asText();
        api.post("/v1/schedules/" + nightly + "/run", null);
        assertThat(runEnded.await(20, TimeUnit.SECONDS)).isTrue(); // its state is final from here on

        JsonNode runs = api.get("/v1/runs?schedule_id=" + nightly).body().get("runs");
        String state = runs.get(0).get("state").asText();

        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("source").asText()).isEqualTo("manual");
        assertThat(names("?last_run_state=" + state)).containsExactly("nightly build");
        JsonNode withHistory = api.get("/v1/schedules?face=oz&include=recent_runs").body().get("schedules");
        assertThat(withHistory.get(0).get("recent_runs")).hasSize(1);
        assertThat(withHistory.get(0).get("recent_runs").get(0).asText()).isEqualTo(state);
        assertThat(withHistory.get(1).get("recent_runs")).isEmpty();
        assertThat(api.get("/v1/schedules").body().at("/schedules/0").has("recent_runs")).isFalse();
        assertThat(api.get("/v1/schedules?include=everything").status()).isEqualTo(400);
        assertThat(api.get("/v1/runs?min_lateness_ms=60000").body().get("runs")).isEmpty();
        assertThat(api.get("/v1/runs?state=bogus").status()).isEqualTo(400);
    }
}
