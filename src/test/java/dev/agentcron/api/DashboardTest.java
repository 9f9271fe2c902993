package dev.agentcron.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.App;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.LocalServer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files: served without a key, only these, with a policy that keeps the page talking to this server alone. */
class DashboardTest {

    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?:src|href)=\"/|https?://|url\\(\\s*['\"]?/");

    private App app;
    private Api anonymous;

    @BeforeEach
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, "dashboard-key", InstantSource.system(), App.Signals.NONE);
        anonymous = LocalServer.api(app, null);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void servesThePageAndItsFilesWithoutAKeyAndWithAPolicy() {
        Api.Response page = anonymous.get("/");
        Api.Response script = anonymous.get("/ui/app.js");
        Api.Response style = anonymous.get("/ui/app.css");

        assertThat(List.of(page.status(), script.status(), style.status())).containsOnly(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
        assertThat(page.raw()).contains("src=\"ui/app.js\"", "href=\"ui/app.css\"");
    }

    @Test
    void everyUrlInThePageIsRelativeSoItWorksUnderAPrefixAndCallsNothingElse() {
        for (String file : List.of("/", "/ui/app.js", "/ui/app.css")) {
            assertThat(ABSOLUTE_URL.matcher(anonymous.get(file).raw()).find()).as(file).isFalse();
        }
    }

    @Test
    void servesNothingElseUnderUiAndTheApiStillWantsAKey() {
        assertThat(anonymous.get("/ui/secret.txt").status()).isEqualTo(401);
        assertThat(anonymous.get("/ui/..%2Fopenapi.json").status()).isIn(400, 401, 404);
        assertThat(anonymous.get("/v1/schedules").status()).isEqualTo(401);
        assertThat(anonymous.get("/v1/me").status()).isEqualTo(401);
    }
}
