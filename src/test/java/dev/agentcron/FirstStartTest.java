package dev.agentcron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.Api;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a first start shows, once, and what it keeps to its owner. */
class FirstStartTest {

    private static final Pattern KEY = Pattern.compile("ac_[0-9a-f]{48}");
    private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{40,}");

    /** What one start printed for its operator, and what it logged, while it ran. */
    private record Started(String shown, String logged, int port) {}

    private static Started startAndStop(Path data, String probeKey) {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (App app = App.start(ConfigLoader.load(Map.of("AGENTCRON_PORT", "0", "AGENTCRON_HOST", "127.0.0.1",
                "AGENTCRON_DATA_DIR", data.toString())), InstantSource.system(), new PrintStream(shown, true, StandardCharsets.UTF_8))) {
            String key = probeKey != null ? probeKey : find(KEY, shown.toString(StandardCharsets.UTF_8));
            assertThat(new Api("http://127.0.0.1:" + app.port(), key).get("/v1/keys").status()).as("the admin key works").isEqualTo(200);
            return new Started(shown.toString(StandardCharsets.UTF_8), logged.toString(StandardCharsets.UTF_8), app.port());
        } finally {
            System.setErr(stderr);
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("found in: " + text).isTrue();
        return m.group();
    }

    @Test
    void showsTheGeneratedKeyAndSecretOnceAndNeverLogsThem(@TempDir Path dir) {
        Path data = dir.resolve("data");

        Started first = startAndStop(data, null);
        String key = find(KEY, first.shown());
        String secret = find(SECRET, first.shown());
        Started second = startAndStop(data, key);

        assertThat(first.logged()).as("the log is captured").contains(" serving on http://", "AGENTCRON_CALLBACK_SECRET=");
        assertThat(first.logged()).doesNotContain(key, secret);
        assertThat(second.shown()).doesNotContain(key, secret).isBlank();
        assertThat(second.logged()).doesNotContain(key, secret);
    }

    @Test
    void keepsTheDataDirectoryAndDatabaseToItsOwner(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");

        startAndStop(data, null);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("agentcron.db")))).isEqualTo("rw-------");
    }
}
