package dev.agentcron.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** agentcron in a child JVM, so a test can kill it the hard way. */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving on http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code dev.agentcron.Main} with {@code env} and waits until it serves (bounded by 60 s). */
    public static ServerProcess start(Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.agentcron.Main")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AGENTCRON_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        CompletableFuture<Integer> serving = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        serving.complete(Integer.parseInt(m.group(1)));
                    }
                }
                serving.completeExceptionally(new IllegalStateException("server exited before serving"));
            } catch (IOException e) {
                serving.completeExceptionally(e);
            }
        });
        try {
            ServerProcess server = new ServerProcess(process, serving.get(60, TimeUnit.SECONDS));
            server.output.addAll(lines);
            return server;
        } catch (Exception e) {
            process.destroyForcibly();
            synchronized (lines) {
                throw new IllegalStateException("agentcron did not start: " + e + "\n" + String.join("\n", lines), e);
            }
        }
    }

    public int port() {
        return port;
    }

    /** Sends a signal such as {@code STOP} or {@code CONT} with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
