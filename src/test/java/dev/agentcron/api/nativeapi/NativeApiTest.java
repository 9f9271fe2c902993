package dev.agentcron.api.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.App;

import dev.agentcron.testing.LocalServer;
import dev.agentcron.testing.Api;

import java.nio.file.Path;
import java.time.InstantSource;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The native API over real HTTP, and the time extensions as the Letta face takes them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeApiTest {

    private App app;
    private Api api;

    @BeforeAll
    void start(@TempDir Path dir) {
        app = LocalServer.start(dir, "native-key", InstantSource.system(), App.Signals.NONE);
        api = LocalServer.api(app, "native-key");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void previewsACronInAZoneWithItsDstNotes() {
        JsonNode preview = api.post("/v1/schedules/preview",
                "{\"cron\":\"30 2 * * *\",\"timezone\":\"America/New_York\",\"from\":\"2030-03-09T12:00:00Z\",\"count\":2}").body();

        assertThat(preview.get("description").asText()).isEqualTo("At 02:30, America/New_York");
        assertThat(preview.at("/next/0/at").asText()).isEqualTo("2030-03-10T07:00:00.000Z");
        assertThat(preview.at("/next/0/local").asText()).isEqualTo("2030-03-10T03:00:00-04:00");
        assertThat(preview.at("/next/0/note").asText()).contains("02:30 does not exist on 2030-03-10");
        assertThat(preview.at("/next/1/local").asText()).isEqualTo("2030-03-11T02:30:00-04:00");
        assertThat(preview.at("/clock_changes/0").asText()).contains("clocks go forward 1 hour");
    }

    @Test
    void readsAPhraseIntoATriggerToConfirm() {
        JsonNode parsed = api.post("/v1/schedules/parse", "{\"text\":\"every weekday at 9am\",\"timezone\":\"Europe/Paris\"}").body();

        assertThat(parsed.at("/trigger/cron").asText()).isEqualTo("0 9 * * 1-5");
        assertThat(parsed.at("/trigger/timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(parsed.get("description").asText()).isEqualTo("At 09:00 every day between Monday and Friday, Europe/Paris");
        assertThat(parsed.get("next")).hasSize(5);
    }

    @Test
    void aLettaScheduleTakesAZoneAndTheNativeApiActsOnIt() {
        JsonNode created = api.post("/v1/agents/agent-tz/schedule", """
                {"messages":[{"role":"user","content":"bonjour"}],"catch_up":"skip","jitter":"2m",
                 "schedule":{"type":"recurring","cron_expression":"0 9 * * 1-5","timezone":"Europe/Paris"}}""").body();
        String id = created.get("id").asText();

        JsonNode got = api.get("/v1/agents/agent-tz/schedule/" + id).body();
        JsonNode view = api.get("/v1/schedules/" + id).body();
        JsonNode skipped = api.post("/v1/schedules/" + id + "/skip-next", null).body();
        JsonNode paused = api.post("/v1/schedules/" + id + "/pause", null).body();

        assertThat(got.at("/schedule/timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(got.get("catch_up").asText()).isEqualTo("skip");
        assertThat(got.get("jitter").asText()).isEqualTo("2m");
        assertThat(view.get("kind").asText()).isEqualTo("letta_message");
        assertThat(view.get("description").asText()).endsWith("Europe/Paris");
        assertThat(java.time.Instant.parse(skipped.get("next_fire_at").asText()))
                .isAfter(java.time.Instant.parse(view.get("next_fire_at").asText()));
        assertThat(paused.get("state").asText()).isEqualTo("paused");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/v1/schedules/preview", "{}", "cron"),
                Arguments.of("/v1/schedules/preview", "{\"cron\":\"61 * * * *\"}", "cron"),
                Arguments.of("/v1/schedules/preview", "{\"cron\":\"0 9 * * *\",\"timezone\":\"Atlantis/Capital\"}", "timezone"),
                Arguments.of("/v1/schedules/preview", "{\"cron\":\"0 9 * * *\",\"count\":1000}", "count"),
                Arguments.of("/v1/schedules/preview", "{\"every\":\"often\"}", "every"),
                Arguments.of("/v1/schedules/preview", "{\"cron\":\"0 9 * * *\",\"from\":\"yesterday\"}", "from"),
                Arguments.of("/v1/schedules/parse", "{}", "text"),
                Arguments.of("/v1/schedules/parse", "{\"text\":\"when pigs fly\"}", "text"),
                Arguments.of("/v1/schedules/sch-none/skip-next", null, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badRequests")
    void answersBadInputWithA4xxNamingTheField(String path, String body, String field) {
        Api.Response response = api.post(path, body);

        assertThat(response.status()).isBetween(400, 404);
        assertThat(response.body().get("message").isTextual()).isTrue();
        if (field != null) {
            assertThat(response.body().get("field").asText()).isEqualTo(field);
        }
    }
}
