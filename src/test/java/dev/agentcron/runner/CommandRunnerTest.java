package dev.agentcron.runner;

import static dev.agentcron.testing.Deliveries.agentRun;
import static dev.agentcron.testing.Deliveries.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every case runs a real child process. */
class CommandRunnerTest {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The server's environment as a command runner sees it: a path, a home, and secrets that must stay there. */
    private static final Map<String, String> SERVER_ENVIRONMENT = Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", "/home/agentcron",
            "LC_ALL", "C.UTF-8",
            "AGENTCRON_API_KEY", "ac_admin_secret_1",
            "AGENTCRON_LETTA_TOKEN", "letta_secret_2",
            "AGENTCRON_CALLBACK_SECRET", "whsec_c2VjcmV0Mw==",
            "AGENTCRON_DB_PASSWORD", "db_secret_4",
            "AWS_SECRET_ACCESS_KEY", "cloud_secret_5");

    private CommandRunner runner(Duration timeout, int outputLimit, String... command) {
        return new CommandRunner(new CommandRunner.Settings(List.of(command), dir, Map.of("TEAM", "platform"), timeout, outputLimit),
                SERVER_ENVIRONMENT);
    }

    @Test
    void aCommandThatPrintsItsEnvironmentSeesNoSecretOfTheServer() throws IOException {
        Path agent = script("env.sh", "env\n");

        DeliveryOutcome outcome = runner(Duration.ofSeconds(10), 65_536, agent.toString()).deliver(agentRun("show me", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.response()).contains("TEAM=platform", "HOME=/home/agentcron", "LC_ALL=C.UTF-8", "AGENTCRON_PROMPT=show me",
                    "AGENTCRON_RUN_ID=run-1");
            assertThat(d.response()).doesNotContain("ac_admin_secret_1", "letta_secret_2", "whsec_c2VjcmV0Mw==", "db_secret_4",
                    "cloud_secret_5", "AGENTCRON_API_KEY", "AWS_SECRET_ACCESS_KEY");
        });
    }

    @Test
    void passesThePromptOnStdinInTheEnvironmentAndInTemplatedArguments() throws IOException {
        Path agent = script("agent.sh", """
                read -r line
                echo "stdin=$line"
                echo "env=$AGENTCRON_PROMPT run=$AGENTCRON_RUN_ID schedule=$AGENTCRON_SCHEDULE_NAME team=$TEAM"
                echo "args=$1|$2|$3"
                echo "cwd=$(pwd)"
                """);

        String workdir = dir.toRealPath().toString();
        DeliveryOutcome outcome = runner(Duration.ofSeconds(30), 65536, agent.toString(), "{prompt}", "--model={model}", "{run_id}")
                .deliver(agentRun("fix the flaky test", config().put("model_id", "opus")));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> assertThat(d.response())
                .contains("stdin=fix the flaky test")
                .contains("env=fix the flaky test run=run-1 schedule=nightly team=platform")
                .contains("args=fix the flaky test|--model=opus|run-1")
                .contains("cwd=" + workdir));
    }

    @Test
    void aNonZeroExitFailsTheRunWithTheEndOfStderr() throws IOException {
        Path agent = script("failing.sh", "echo working\necho 'fatal: no repository' >&2\nexit 3\n");

        DeliveryOutcome outcome = runner(Duration.ofSeconds(30), 65536, agent.toString()).deliver(agentRun("go", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("exit code 3: fatal: no repository");
            assertThat(f.response()).contains("working");
        });
    }

    @Test
    void aCommandThatCannotStartIsASpawnFailure() {
        DeliveryOutcome outcome = runner(Duration.ofSeconds(30), 65536, dir.resolve("no-such-agent").toString()).deliver(agentRun("go", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).startsWith("cannot start " + dir.resolve("no-such-agent")));
    }

    @Test
    void keepsOnlyTheEndOfALongOutput() throws IOException {
        Path agent = script("chatty.sh", "i=0; while [ $i -lt 2000 ]; do echo \"line $i of chatter\"; i=$((i+1)); done\necho FINAL ANSWER\n");

        DeliveryOutcome outcome = runner(Duration.ofSeconds(30), 1024, agent.toString()).deliver(agentRun("go", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.response()).endsWith("FINAL ANSWER\n").contains("earlier bytes dropped");
            assertThat(d.response().length()).isLessThan(1200);
        });
    }

    @Test
    void killsTheWholeProcessTreeWhenTheRunTimesOut() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path agent = script("stuck.sh", "sleep 600 &\necho $! > " + pidFile + "\nwait\n");

        DeliveryOutcome outcome = runner(Duration.ofMillis(700), 65536, agent.toString()).deliver(agentRun("go", null));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Failed.class, f -> assertThat(f.reason()).startsWith("timed out after PT0.7S"));
        long child = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void stopsAndKillsTheProcessWhenTheRunIsCancelled() throws Exception {
        Path started = dir.resolve("started");
        Path agent = script("long.sh", "touch " + started + "\nexec sleep 600\n");
        CommandRunner runner = runner(Duration.ofMinutes(10), 65536, agent.toString());
        CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().start(() -> outcome.complete(runner.deliver(agentRun("go", null))));
        waitForFile(started);

        worker.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(DeliveryOutcome.Failed.class,
                f -> assertThat(f.reason()).startsWith("cancelled"));
    }

    /** Waits for the script to signal it started, by watching for the file it creates (bounded). */
    private static void waitForFile(Path file) throws IOException, InterruptedException {
        try (var watcher = file.getFileSystem().newWatchService()) {
            file.getParent().register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                var key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        assertThat(file).exists();
    }
}
