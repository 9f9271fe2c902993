package dev.agentcron;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets on a first run that goes wrong: one clear line, not a stack trace. */
class FirstRunTest {

    private record Exited(int code, String output) {}

    private static Exited run(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.agentcron.Main")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AGENTCRON_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it exits on its own").isTrue();
        return new Exited(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aPortInUseIsOneClearLine(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exited exited = run(Map.of("AGENTCRON_HOST", "127.0.0.1", "AGENTCRON_PORT", Integer.toString(taken.getLocalPort()),
                    "AGENTCRON_DATA_DIR", dir.toString(), "AGENTCRON_API_KEY", "k"));

            assertThat(exited.code()).isEqualTo(1);
            assertThat(exited.output()).contains("agentcron: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
            assertThat(exited.output()).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void anOlderJavaSaysAgentcronNeedsJava21() throws Exception {
        Path old = olderJava();
        Process process = new ProcessBuilder(old.toString(), "-cp", "target/classes", "dev.agentcron.launch.Launcher", "--version")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).startsWith("agentcron needs Java 21 or newer; this is Java ").doesNotContain("UnsupportedClassVersionError");
    }

    /**
     * A JDK older than 21 on this machine, by the version its {@code release} file names (the machines this builds
     * on have the distribution's JDK 17 beside the one that builds).
     */
    private static Path olderJava() throws IOException {
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")) && major(jdk) < 21)
                    .map(jdk -> jdk.resolve("bin/java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no JDK older than 21 under /usr/lib/jvm to try"));
        }
    }

    private static int major(Path jdk) {
        try {
            Matcher version = Pattern.compile("JAVA_VERSION=\"(1\\.)?(\\d+)").matcher(Files.readString(jdk.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(2)) : Integer.MAX_VALUE;
        } catch (IOException noReleaseFile) {
            return Integer.MAX_VALUE;
        }
    }

    @Test
    void anUnknownKeyIsWarnedAboutWithTheClosestKnownOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exited exited = run(Map.of("AGENTCRON_HOST", "127.0.0.1", "AGENTCRON_PORT", Integer.toString(taken.getLocalPort()),
                    "AGENTCRON_DATA_DIR", dir.toString(), "AGENTCRON_API_KEY", "k", "AGENTCRON_LETA_TOKEN", "x"));

            assertThat(exited.output()).contains("AGENTCRON_LETA_TOKEN is not a setting of agentcron and is ignored; "
                    + "did you mean AGENTCRON_LETTA_TOKEN?");
        }
    }

    @Test
    void theLogIsOneJsonObjectPerLineWhenAskedFor(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exited exited = run(Map.of("AGENTCRON_HOST", "127.0.0.1", "AGENTCRON_PORT", Integer.toString(taken.getLocalPort()),
                    "AGENTCRON_DATA_DIR", dir.toString(), "AGENTCRON_API_KEY", "first-run-secret-key", "AGENTCRON_LOG_FORMAT", "json"));

            ObjectMapper json = new ObjectMapper();
            // Standard output (the secret shown once) and the JVM's warnings share the stream; no line is a text log line.
            assertThat(exited.output().lines()).noneMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"));
            List<String> logLines = exited.output().lines().filter(line -> line.startsWith("{")).toList();
            List<JsonNode> events = new ArrayList<>();
            for (String line : logLines) {
                events.add(json.readTree(line));
            }
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.path("level").asText()).isNotEmpty());
            assertThat(events).extracting(e -> e.path("formattedMessage").asText()).contains("config AGENTCRON_LOG_FORMAT=json");
            assertThat(exited.output()).doesNotContain("first-run-secret-key");
        }
    }
}
