package dev.agentcron.api.letta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.App;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.LocalServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/environments/{device_id}} when the Letta server agentcron delivers to cannot be asked. */
class LettaEnvironmentRoutesTest {

    @Test
    void aLettaThatCannotBeReachedIsA502InLettasFormatNamingNoAddress(@TempDir Path dir) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (App app = LocalServer.start(dir, "environments-key", InstantSource.system(), App.Signals.NONE,
                Map.of("AGENTCRON_LETTA_BASE_URL", "http://127.0.0.1:" + closed))) {
            Api.Response answer = LocalServer.api(app, "environments-key").get("/v1/environments/device-1");

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.body().get("detail").asText())
                    .isEqualTo("The Letta server agentcron delivers to could not be asked: cannot reach Letta");
            assertThat(answer.raw()).doesNotContain(Integer.toString(closed));
        }
    }
}
