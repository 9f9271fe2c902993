package dev.agentcron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.App;
import dev.agentcron.Main;

import dev.agentcron.testing.LocalServer;
import dev.agentcron.testing.ManualClock;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line against a running server: tables for people, JSON for scripts, exit codes a script can trust. */
class CliTest {

    private static final String KEY = "cli-key";

    private App app;
    private String url;

    private record Result(int code, String out, String err) {}

    @BeforeEach
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, KEY, new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), App.Signals.NONE);
        url = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result client(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--key", KEY));
        return cli(all.toArray(String[]::new));
    }

    @Test
    void createsAndListsSchedulesOfBothFacesAsATableOrAsJson() throws Exception {
        Result letta = client("schedules", "create", "--agent", "agent-1", "--message", "standup", "--cron", "0 9 * * 1-5",
                "--tz", "Europe/Berlin", "-o", "json");
        Result oz = client("schedules", "create", "--name", "nightly", "--prompt", "build it", "--cron", "0 3 * * *", "-o", "json");

        Result table = client("schedules", "list");
        Result json = client("schedules", "list", "-o", "json");
        Result lines = client("schedules", "list", "-o", "jsonl");

        assertThat(letta.code()).as(letta.err()).isZero();
        assertThat(oz.code()).as(oz.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("id").contains("kind", "next_fire_at");
        assertThat(table.out()).contains("nightly", "letta_message", "agent_run");
        JsonNode listed = new ObjectMapper().readTree(json.out());
        assertThat(listed.findValuesAsText("kind")).containsExactlyInAnyOrder("letta_message", "agent_run");
        assertThat(listed.findValuesAsText("timezone")).as("--tz reaches a Letta message too").contains("Europe/Berlin");
        assertThat(lines.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{"));
    }

    @Test
    void actsOnASchedulesAndWatchesItsRunToTheEnd() throws Exception {
        String id = new ObjectMapper().readTree(client("schedules", "create", "--name", "n", "--prompt", "p", "--cron", "0 3 * * *",
                "-o", "json").out()).get("id").asText();

        assertThat(client("schedules", "pause", id, "-o", "json").out()).contains("\"state\" : \"paused\"");
        assertThat(client("schedules", "resume", id).code()).isZero();
        String run = new ObjectMapper().readTree(client("schedules", "run", id, "-o", "json").out()).get("run_id").asText();
        Result watched = client("runs", "watch", run, "--exit-status", "-o", "json");

        assertThat(watched.code()).as("no runner is configured, so the run ends in error").isEqualTo(1);
        assertThat(watched.out()).contains("\"state\" : \"error\"");
        assertThat(client("runs", "list", "--schedule", id).out()).contains(run);
        assertThat(client("schedules", "delete", id).code()).isZero();
        assertThat(client("schedules", "get", id).code()).isEqualTo(1);
    }

    @Test
    void exitCodesTellUsageAndAuthorisationApart() {
        Result wrongKey = cli("schedules", "list", "--url", url, "--key", "nope");
        Result unknownOption = cli("schedules", "list", "--colour", "red");
        Result help = cli("schedules", "list", "--help");

        assertThat(wrongKey.code()).isEqualTo(4);
        assertThat(wrongKey.err()).contains("Invalid API key");
        assertThat(unknownOption.code()).isEqualTo(2);
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--q", "--face");
    }

    @Test
    void previewsAndParsesWithoutAServer() {
        Result preview = cli("preview", "30 2 * * *", "--tz", "America/New_York", "--next", "3");
        Result parse = cli("parse", "every weekday at 9am");
        Result bad = cli("preview", "61 * * * *");

        assertThat(preview.code()).isZero();
        assertThat(preview.out().lines()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(parse.out()).contains("cron: 0 9 * * 1-5");
        assertThat(bad.code()).isEqualTo(2);
    }
}
