package dev.agentcron.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.agentcron.App;

import dev.agentcron.testing.LocalServer;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.ManualClock;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document: valid, listing exactly the routes served, and true to what they take and answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {

    private static final String KEY = "openapi-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private App app;
    private Api api;
    private JsonNode document;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = LocalServer.start(dir, KEY, new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), App.Signals.NONE);
        api = LocalServer.api(app, KEY);
        document = JSON.readTree(api.withKey(null).get("/openapi.json").raw());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    /** The errors of {@code instance} against the document's schema {@code name}. */
    private List<String> errors(String name, JsonNode instance) {
        Schema schema = schemas.getSchema(SchemaLocation.of("classpath:web/openapi.json#/components/schemas/" + name));
        return schema.validate(instance.toString(), InputFormat.JSON).stream().map(Object::toString).toList();
    }

    @Test
    void isAValidOpenApi31Document() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(api.withKey(null).get("/openapi.json").raw());

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void listsEveryRouteServedAndServesEveryRouteListed() {
        TreeSet<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(new TreeSet<>(app.routes()));
    }

    @Test
    void everyExampleFitsItsSchema() {
        List<String> failures = new ArrayList<>();
        document.path("paths").forEach(path -> path.forEach(op -> {
            JsonNode body = op.path("requestBody").path("content").path("application/json");
            if (body.has("example") && body.path("schema").has("$ref")) {
                String name = body.path("schema").path("$ref").asText().replace("#/components/schemas/", "");
                errors(name, body.get("example")).forEach(e -> failures.add(name + ": " + e));
            }
        }));

        assertThat(failures).isEmpty();
    }

    @Test
    void liveAnswersFitTheirSchemas() {
        String letta = api.post("/v1/agents/agent-1/schedule", """
                {"messages":[{"role":"user","content":"hi"}],"schedule":{"type":"recurring","cron_expression":"0 9 * * *"}}""").raw();
        JsonNode oz = api.post("/api/v1/agent/schedules", "{\"name\":\"n\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}").body();
        String id = oz.get("id").asText();
        String run = api.post("/api/v1/agent/schedules/" + id + "/run", null).body().get("run_id").asText();

        assertThat(errors("LettaCreateResponse", parse(letta))).isEmpty();
        assertThat(errors("LettaList", api.get("/v1/agents/agent-1/schedule").body())).isEmpty();
        assertThat(errors("OzSchedule", oz)).isEmpty();
        assertThat(errors("OzScheduleList", api.get("/api/v1/agent/schedules").body())).isEmpty();
        assertThat(errors("OzRunList", api.get("/api/v1/agent/runs").body())).isEmpty();
        assertThat(errors("ScheduleList", api.get("/v1/schedules").body())).isEmpty();
        assertThat(errors("RunList", api.get("/v1/runs").body())).isEmpty();
        assertThat(errors("Run", api.get("/v1/runs/" + run).body())).isEmpty();
        assertThat(errors("Preview", api.post("/v1/schedules/preview", "{\"cron\":\"0 9 * * *\"}").body())).isEmpty();
        assertThat(errors("KeyList", api.get("/v1/keys").body())).isEmpty();
        assertThat(errors("AuditList", api.get("/v1/audit").body())).isEmpty();
        assertThat(errors("Problem", api.get("/api/v1/agent/schedules/nope").body())).isEmpty();
        assertThat(errors("LettaError", api.get("/v1/agents/agent-1/schedule/nope").body())).isEmpty();
        assertThat(errors("OzSchedule", JSON.createObjectNode().put("id", 5))).as("the check can fail").isNotEmpty();
    }

    @Test
    void rendersTheReferenceWithNothingFromElsewhere() {
        Api.Response docs = api.withKey(null).get("/docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.raw()).contains("/v1/agents/{agent_id}/schedule", "/api/v1/agent/schedules", "LettaCreateRequest")
                .doesNotContain("<script src=\"http", "<link href=\"http");
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
