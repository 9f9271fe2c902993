package dev.agentcron.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void hasTheDocumentedDefaults() {
        AgentcronConfig config = ConfigLoader.load(Map.of());

        assertThat(config.port()).isEqualTo(8285);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.apiKey()).isNull();
        assertThat(config.sqliteSynchronous()).isEqualTo("FULL");
        assertThat(config.letta().baseUrl()).hasToString("http://localhost:8283");
        assertThat(config.engine().catchUpWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(config.engine().lookahead()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEnvironmentVariables() {
        AgentcronConfig config = ConfigLoader.load(Map.of(
                "AGENTCRON_PORT", "9000",
                "AGENTCRON_LETTA_TOKEN", "secret-token",
                "AGENTCRON_CATCH_UP_WINDOW", "15m",
                "AGENTCRON_ALLOWED_TARGET_HOSTS", "Localhost, 10.0.0.5"));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.letta().token()).isEqualTo("secret-token");
        assertThat(config.engine().catchUpWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.allowedTargetHosts()).containsExactlyInAnyOrder("localhost", "10.0.0.5");
    }

    @Test
    void failsNamingTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_PORT", "80a")))
                .isInstanceOf(ConfigException.class).hasMessage("AGENTCRON_PORT must be an integer, got \"80a\"");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_PORT", "70000")))
                .hasMessage("AGENTCRON_PORT must be 0..65535, got \"70000\"");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_LOOKAHEAD", "soon")))
                .hasMessageContaining("AGENTCRON_LOOKAHEAD must be a duration");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_LETTA_BASE_URL", "localhost:8283")))
                .hasMessageContaining("AGENTCRON_LETTA_BASE_URL must be an absolute http(s) URL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_SQLITE_SYNCHRONOUS", "OFF")))
                .hasMessageContaining("must be one of FULL, NORMAL, EXTRA");
    }

    @Test
    void takesABasePathWithOrWithoutItsTrailingSlashAndRefusesWhatIsNotAPlainPath() {
        assertThat(ConfigLoader.load(Map.of()).basePath()).isEmpty();
        assertThat(ConfigLoader.load(Map.of("AGENTCRON_BASE_PATH", "/")).basePath()).isEmpty();
        assertThat(ConfigLoader.load(Map.of("AGENTCRON_BASE_PATH", "/ops/cron/")).basePath()).isEqualTo("/ops/cron");
        for (String bad : List.of("cron", "/cron?x=1", "/a//b", "/a/../b", "/cr on", "https://host/cron")) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_BASE_PATH", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("AGENTCRON_BASE_PATH must be a path such as /agentcron");
        }
    }

    @Test
    void readsAFileWhoseValuesTheEnvironmentOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agentcron.properties");
        Files.writeString(file, "AGENTCRON_PORT=7000\nAGENTCRON_MAX_ATTEMPTS=9\n");

        AgentcronConfig config = ConfigLoader.load(Map.of("AGENTCRON_CONFIG", file.toString(), "AGENTCRON_PORT", "7001"));

        assertThat(config.port()).isEqualTo(7001);
        assertThat(config.engine().maxAttempts()).isEqualTo(9);
    }

    @Test
    void masksSecretsWhenDescribed() {
        AgentcronConfig config = ConfigLoader.load(Map.of("AGENTCRON_API_KEY", "k", "AGENTCRON_LETTA_TOKEN", "t"));

        assertThat(ConfigLoader.describe(config)).containsEntry("AGENTCRON_API_KEY", "****")
                .containsEntry("AGENTCRON_LETTA_TOKEN", "****").doesNotContainValue("t");
    }

    @Test
    void readsRunnersAndRoutes(@TempDir Path repo) {
        AgentcronConfig config = ConfigLoader.load(Map.of(
                "AGENTCRON_RUNNER_CODER_TYPE", "command",
                "AGENTCRON_RUNNER_CODER_COMMAND", "[\"my-agent\", \"--prompt\", \"{prompt}\"]",
                "AGENTCRON_RUNNER_CODER_WORKDIR", repo.toString(),
                "AGENTCRON_RUNNER_CODER_TIMEOUT", "45m",
                "AGENTCRON_RUNNER_CODER_ENV_AGENT_MODEL", "opus",
                "AGENTCRON_RUNNER_LOCAL_TYPE", "openai",
                "AGENTCRON_RUNNER_LOCAL_BASE_URL", "http://localhost:11434/v1",
                "AGENTCRON_RUNNER_LOCAL_MODEL", "llama3",
                "AGENTCRON_RUNNER_DEFAULT", "coder",
                "AGENTCRON_ROUTES", "model_id=llama3:8b:local, harness=codex:coder"));

        RoutingConfig routing = config.routing();
        RunnerConfig coder = routing.runners().get("coder");
        assertThat(coder.type()).isEqualTo("command");
        assertThat(coder.command()).containsExactly("my-agent", "--prompt", "{prompt}");
        assertThat(coder.workdir()).isEqualTo(Path.of(repo.toString()));
        assertThat(coder.timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(coder.env()).containsEntry("AGENT_MODEL", "opus");
        assertThat(routing.runners().get("local").baseUrl()).hasToString("http://localhost:11434/v1");
        assertThat(routing.defaultRunner()).isEqualTo("coder");
        assertThat(routing.routes()).containsExactly(
                new RoutingConfig.Route("model_id", "llama3:8b", "local"), new RoutingConfig.Route("harness", "codex", "coder"));
    }

    @Test
    void refusesRunnerSettingsThatCannotWork() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_X_TYPE", "command")))
                .hasMessage("AGENTCRON_RUNNER_X_COMMAND is required for a command runner");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_X_TYPE", "carrier-pigeon")))
                .hasMessageContaining("AGENTCRON_RUNNER_X_TYPE must be one of");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_X_TYPE", "webhook", "AGENTCRON_RUNNER_X_URL", "nope")))
                .hasMessageContaining("AGENTCRON_RUNNER_X_URL must be an absolute http(s) URL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_X_TYPE", "command", "AGENTCRON_RUNNER_X_COMMAND", "a",
                "AGENTCRON_RUNNER_X_COMAND", "typo")))
                .hasMessageContaining("AGENTCRON_RUNNER_X_COMAND is not a runner setting");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_DEFAULT", "ghost")))
                .hasMessageContaining("AGENTCRON_RUNNER_DEFAULT names \"ghost\", which is not configured");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_ROUTES", "harness=codex")))
                .hasMessageContaining("field=value:runner");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_ROUTES", "colour=red:letta")))
                .hasMessageContaining("field must be one of");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AGENTCRON_RUNNER_X_TYPE", "command", "AGENTCRON_RUNNER_X_COMMAND", "a",
                "AGENTCRON_RUNNER_X_WORKDIR", "/no/such/dir")))
                .hasMessageContaining("AGENTCRON_RUNNER_X_WORKDIR names /no/such/dir, which is not a directory");
    }

    @Test
    void warnsOfKeysItDoesNotKnowNamingTheClosest() {
        List<String> warnings = ConfigLoader.unknownKeys(Map.of("AGENTCRON_PROT", "8080", "AGENTCRON_PORT", "8080",
                "AGENTCRON_RUNNER_X_TYPE", "command", "AGENTCRON_RUNNER_X_COMMAND", "true", "PATH", "/bin"));

        assertThat(warnings).containsExactly("AGENTCRON_PROT is not a setting of agentcron and is ignored; did you mean AGENTCRON_PORT?");
    }
}
