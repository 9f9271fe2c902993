package dev.agentcron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runs list|get|watch}: runs of both faces. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List, read and wait for runs.",
        subcommands = {RunCommands.List.class, RunCommands.Get.class, RunCommands.Watch.class})
public final class RunCommands {

    private static final String[] COLUMNS = {"id", "schedule_id", "source", "state", "due_at", "lateness_ms", "attempt", "error"};
    private static final Set<String> UNFINISHED = Set.of("pending", "running");

    private RunCommands() {}

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs you may see, newest first.")
    static final class List extends ClientCommand {
        @Option(names = "--schedule", description = "Only this schedule's.")
        String schedule;

        @Option(names = "--state", description = "pending, running, succeeded, failed, error, cancelled, skipped or missed.")
        String state;

        @Option(names = "--limit", description = "At most this many (default 50).", defaultValue = "50")
        int limit;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            StringBuilder path = new StringBuilder("v1/runs?limit=" + Math.max(1, Math.min(500, limit)));
            append(path, "schedule_id", schedule);
            append(path, "state", state);
            java.util.List<JsonNode> runs = new ArrayList<>();
            client.get(path.toString()).path("runs").forEach(runs::add);
            format.print(out, runs, COLUMNS);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One run, with the agent's answer.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", description = "The run's id.")
        String id;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            format.printOne(out, client.get("v1/runs/" + encode(id)));
            return 0;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Wait for a run to end, then print it.")
    static final class Watch extends ClientCommand {
        @Parameters(index = "0", description = "The run's id.")
        String id;

        @Option(names = "--exit-status", description = "Exit 1 unless the run succeeded.")
        boolean exitStatus;

        @Option(names = "--timeout", description = "Give up after this many seconds (default 3600); exit 1.", defaultValue = "3600")
        long timeoutSeconds;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            JsonNode run = client.get("v1/runs/" + encode(id));
            while (UNFINISHED.contains(run.path("state").asText())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new Client.Failure(1, "run " + id + " had not ended after " + timeoutSeconds + " s");
                }
                pause();
                run = client.get("v1/runs/" + encode(id));
            }
            format.printOne(out, run);
            return exitStatus && !run.path("state").asText().equals("succeeded") ? 1 : 0;
        }

        /** Waits a second between two reads of the run: a client polling a server, not the engine's clock. */
        private static void pause() {
            try {
                new CountDownLatch(1).await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Client.Failure(1, "interrupted");
            }
        }
    }
}
