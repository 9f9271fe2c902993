package dev.agentcron.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.App;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.LocalServer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a proxy that forwards {@code /agentcron/...} as it is: every route, public or not, lives under the prefix. */
class BasePathTest {

    private static final String KEY = "base-path-key";

    private App app;
    private Api root;

    @BeforeEach
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, KEY, InstantSource.system(), App.Signals.NONE, Map.of("AGENTCRON_BASE_PATH", "/agentcron/"));
        root = new Api("http://127.0.0.1:" + app.port(), KEY);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void theApisAnswerUnderThePrefixAndOnlyThere() {
        Api.Response created = root.post("/agentcron/api/v1/agent/schedules",
                "{\"name\":\"nightly\",\"cron_schedule\":\"0 3 * * *\",\"agent_config\":{\"name\":\"a\"},\"prompt\":\"p\"}");
        assertThat(created.status()).isEqualTo(201);

        Api.Response listed = root.get("/agentcron/v1/schedules");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("schedules").get(0).get("name").asText()).isEqualTo("nightly");

        Api.Response outside = root.get("/v1/schedules");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body().has("error")).as("a JSON error, not a servlet page: " + outside.raw()).isTrue();
    }

    @Test
    void publicPathsNeedNoKeyUnderThePrefixAndTheRestStillDo() {
        Api anonymous = root.withKey(null);
        assertThat(anonymous.get("/agentcron/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/agentcron/").status()).isEqualTo(200);
        assertThat(anonymous.get("/agentcron/ui/app.js").status()).isEqualTo(200);
        assertThat(anonymous.get("/agentcron/v1/schedules").status()).isEqualTo(401);
        assertThat(anonymous.get("/agentcron/v1/me").status()).isEqualTo(401);
    }

    @Test
    void theDashboardWithoutItsSlashIsSentToItSoThatItsRelativeUrlsResolveUnderThePrefix() {
        Api.Response bare = root.withKey(null).get("/agentcron");
        assertThat(bare.status()).isIn(301, 302, 307, 308);
        assertThat(bare.header("Location")).endsWith("/agentcron/");
    }

    @Test
    void eachFaceKeepsItsErrorFormatUnderThePrefix() {
        Api.Response letta = root.get("/agentcron/v1/agents/agent-1/schedule/nope");
        assertThat(letta.status()).isEqualTo(404);
        assertThat(letta.body().has("detail")).as(letta.raw()).isTrue();

        Api.Response oz = root.get("/agentcron/api/v1/agent/schedules/nope");
        assertThat(oz.status()).isEqualTo(404);
        assertThat(oz.header("Content-Type")).startsWith("application/problem+json");

        Api.Response unrouted = root.get("/agentcron/v1/agents/agent-1/nothing-here");
        assertThat(unrouted.body().has("detail")).as("an unmatched Letta path: " + unrouted.raw()).isTrue();
    }

    @Test
    void theOpenApiDocumentNamesThePrefixAsItsServer() {
        Api.Response document = root.withKey(null).get("/agentcron/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().get("servers").get(0).get("url").asText()).isEqualTo("/agentcron");
    }
}
