package dev.agentcron.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.App;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Prometheus scrapes: lateness of scheduled fires in 1-2-5 buckets, outcomes, and nothing per schedule. */
class MetricsTest {

    private static final String KEY = "metrics-key";

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final CountDownLatch ended = new CountDownLatch(1);
    private App app;
    private Api api;
    private Path pid;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        pid = dir.resolve("slow.pid");
        Path slow = dir.resolve("slow.sh");
        Files.writeString(slow, "#!/bin/sh\necho $$ > " + pid + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwxr-xr-x"));
        app = App.start(ConfigLoader.load(Map.of("AGENTCRON_PORT", "0", "AGENTCRON_HOST", "127.0.0.1",
                "AGENTCRON_DATA_DIR", dir.resolve("data").toString(), "AGENTCRON_API_KEY", KEY,
                "AGENTCRON_RUNNER_SLOW_TYPE", "command", "AGENTCRON_RUNNER_SLOW_COMMAND", slow.toString(),
                "AGENTCRON_RUNNER_DEFAULT", "slow")), clock, new PrintStream(new ByteArrayOutputStream()),
                new App.Signals(id -> ended.countDown()));
        api = new Api("http://127.0.0.1:" + app.port(), KEY);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void everyMetricHasHelpTextAndLatenessHasOneTwoFiveBucketsFromAMillisecondToAThousandSeconds() {
        String scrape = api.get("/metrics").raw();

        List<String> ours = scrape.lines().filter(l -> l.startsWith("# TYPE agentcron_")).map(l -> l.split(" ")[2]).toList();
        assertThat(ours).contains("agentcron_fire_lateness_seconds", "agentcron_runs_finished_total", "agentcron_callbacks_total",
                "agentcron_engine_queued", "agentcron_schedules", "agentcron_store_transaction_seconds");
        assertThat(ours).allSatisfy(name -> assertThat(scrape).contains("# HELP " + name + " "));
        assertThat(scrape).contains("agentcron_fire_lateness_seconds_bucket{le=\"0.001\"}", "le=\"0.002\"", "le=\"0.005\"",
                "agentcron_fire_lateness_seconds_bucket{le=\"1000.0\"}");
    }

    @Test
    void aScheduledFireIsTimedAndACancelledRunCountsAsCancelled() throws Exception {
        api.post("/v1/agents/agent-1/schedule", """
                {"messages":[{"role":"user","content":"hi"}],"schedule":{"scheduled_at":%d}}""".formatted(clock.instant().plusSeconds(60).toEpochMilli()));
        clock.advance(java.time.Duration.ofSeconds(60));
        app.wake();
        String run = api.post("/api/v1/agent/run", "{\"prompt\":\"long\"}").body().get("run_id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> Files.exists(pid) && Files.size(pid) > 0);

        api.post("/api/v1/agent/runs/" + run + "/cancel", null);
        assertThat(ended.await(20, TimeUnit.SECONDS)).isTrue();
        String scrape = api.get("/metrics").raw();

        assertThat(scrape).containsPattern("agentcron_fire_lateness_seconds_count 1(\\.0)?\\n");
        assertThat(scrape).contains("agentcron_runs_finished_total{state=\"cancelled\"} 1.0");
        assertThat(scrape).doesNotContain("agentcron_runs_finished_total{state=\"error\"} 1.0");
        assertThat(scrape).doesNotContain(run, "scheduled_message-");
    }
}
