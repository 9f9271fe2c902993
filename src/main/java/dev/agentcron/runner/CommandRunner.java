package dev.agentcron.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent as a local process, such as a command-line coding agent. No shell is involved: each argument
 * is one element of {@code command}, and {@code {prompt}}, {@code {model}}, {@code {run_id}},
 * {@code {schedule_id}} and {@code {schedule_name}} in an argument are replaced by the run's values. The
 * prompt also arrives on stdin and in {@code AGENTCRON_PROMPT}. Exit 0 is success, with stdout as the
 * output; any other exit fails the run with the end of stderr. A process that outlives {@code timeout}, or
 * whose run is cancelled, is killed with all its descendants.
 */
public final class CommandRunner implements Runner {

    /** How long the output readers may lag behind a process that has exited (a grandchild may hold its pipes). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    /**
     * @param command the program and its arguments, templated per run
     * @param workdir working directory, or null for the server's
     * @param env variables the command gets besides the few it inherits ({@link #INHERITED})
     * @param outputLimit bytes of stdout kept (the end); stderr keeps a sixteenth of it
     */
    public record Settings(List<String> command, Path workdir, Map<String, String> env, Duration timeout, int outputLimit) {
        public Settings {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("a command runner needs a command");
            }
        }
    }

    /**
     * What a command inherits of the server's environment: where programs are, the home, the locale and the
     * time zone. Nothing else: the server's own settings (its admin key, the Letta token, the callback secret)
     * and whatever else it was started with (cloud credentials) never reach an agent.
     */
    static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM");

    private final Settings settings;
    private final Map<String, String> inherited;

    /** @param serverEnvironment the server's environment, of which only {@link #INHERITED} and {@code LC_*} pass */
    public CommandRunner(Settings settings, Map<String, String> serverEnvironment) {
        this.settings = settings;
        this.inherited = new HashMap<>();
        serverEnvironment.forEach((name, value) -> {
            if (INHERITED.contains(name) || name.startsWith("LC_")) {
                inherited.put(name, value);
            }
        });
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        List<String> command = settings.command().stream().map(arg -> expand(arg, delivery)).toList();
        ProcessBuilder builder = new ProcessBuilder(command);
        if (settings.workdir() != null) {
            builder.directory(settings.workdir().toFile());
        }
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(inherited);
        env.putAll(settings.env());
        env.put("AGENTCRON_PROMPT", delivery.prompt());
        env.put("AGENTCRON_RUN_ID", delivery.runId().value());
        env.put("AGENTCRON_ATTEMPT", Integer.toString(delivery.attempt()));
        env.put("AGENTCRON_MODEL", delivery.modelId() == null ? "" : delivery.modelId());
        env.put("AGENTCRON_SCHEDULE_ID", scheduleField(delivery, "schedule_id"));
        env.put("AGENTCRON_SCHEDULE_NAME", scheduleField(delivery, "schedule_name"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException | SecurityException e) {
            return new DeliveryOutcome.Rejected("cannot start " + command.getFirst() + ": " + e.getMessage(), null);
        }
        TailBuffer stdout = new TailBuffer(settings.outputLimit());
        TailBuffer stderr = new TailBuffer(Math.max(1024, settings.outputLimit() / 16));
        Thread outReader = Thread.ofVirtual().start(() -> drain(process, stdout, true));
        Thread errReader = Thread.ofVirtual().start(() -> drain(process, stderr, false));
        Thread.ofVirtual().start(() -> writePrompt(process, delivery.prompt()));
        try {
            Duration timeout = delivery.timeoutWithin(settings.timeout());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                awaitReaders(outReader, errReader);
                return new DeliveryOutcome.Failed("timed out after " + timeout + "; the process and its children were killed. "
                        + "stderr: " + stderr.tail(1000), stdout.text());
            }
            awaitReaders(outReader, errReader);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Failed("cancelled; the process and its children were killed", stdout.text());
        }
        int exit = process.exitValue();
        if (exit == 0) {
            return new DeliveryOutcome.Delivered(stdout.text());
        }
        String tail = stderr.text().isBlank() ? stdout.tail(2000) : stderr.tail(2000);
        return new DeliveryOutcome.Failed("exit code " + exit + ": " + tail, stdout.text());
    }

    private static String expand(String arg, Delivery d) {
        return arg.replace("{prompt}", d.prompt())
                .replace("{model}", d.modelId() == null ? "" : d.modelId())
                .replace("{run_id}", d.runId().value())
                .replace("{schedule_id}", scheduleField(d, "schedule_id"))
                .replace("{schedule_name}", scheduleField(d, "schedule_name"));
    }

    private static String scheduleField(Delivery d, String field) {
        return d.schedule() == null ? "" : d.schedule().path(field).asText("");
    }

    private static void drain(Process process, TailBuffer buffer, boolean out) {
        try {
            buffer.drain(out ? process.getInputStream() : process.getErrorStream());
        } catch (IOException e) {
            // The stream closed under us because the process was killed; what was read is kept.
        }
    }

    private static void writePrompt(Process process, String prompt) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The process does not read stdin, or exited first: the prompt is in its arguments and environment too.
        }
    }

    private static void awaitReaders(Thread... readers) throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(DRAIN_GRACE);
        }
    }

    /** Kills the process and everything it started, children first so none is re-parented and missed. */
    private static void killTree(Process process) {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (UncheckedIOException | SecurityException e) {
            // The listing can fail as processes exit; the parent is still killed below.
        }
        process.destroyForcibly();
    }
}
