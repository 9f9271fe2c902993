package dev.agentcron.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.App;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.testing.HttpStub;
import dev.agentcron.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route and method of every face, sent requests a careless or hostile client would send: wrong types,
 * edge and huge numbers, instants at the ends of the time line, durations that overflow, unicode, deep
 * nesting, large bodies, odd headers and path values. The server must answer each with a 2xx or a 4xx in
 * the face's format, quickly and briefly, and a rejected request must change nothing stored. The corpus is
 * generated from a fixed seed, so a failure repeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {

    private static final String KEY = "fuzz-admin-key";
    private static final int REQUESTS = 10_500;
    private static final int MAX_ERROR_BYTES = 4_096;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Each route once, with its placeholder for ids: {@code {id}}, {@code {agent}}, {@code {run}}. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/v1/agents/{agent}/schedule"},
            new String[] {"GET", "/v1/agents/{agent}/schedule"},
            new String[] {"GET", "/v1/agents/{agent}/schedule/{id}"},
            new String[] {"DELETE", "/v1/agents/{agent}/schedule/{id}"},
            new String[] {"GET", "/v1/agents/{agent}/schedule/{id}/history"},
            new String[] {"GET", "/v1/environments/{id}"},
            new String[] {"GET", "/api/v1/agent/schedules"},
            new String[] {"POST", "/api/v1/agent/schedules"},
            new String[] {"GET", "/api/v1/agent/schedules/{id}"},
            new String[] {"PUT", "/api/v1/agent/schedules/{id}"},
            new String[] {"DELETE", "/api/v1/agent/schedules/{id}"},
            new String[] {"POST", "/api/v1/agent/schedules/{id}/pause"},
            new String[] {"POST", "/api/v1/agent/schedules/{id}/resume"},
            new String[] {"POST", "/api/v1/agent/schedules/{id}/run"},
            new String[] {"POST", "/api/v1/agent/schedules/{id}/skip-next"},
            new String[] {"GET", "/api/v1/agent/runs"},
            new String[] {"GET", "/api/v1/agent/runs/{run}"},
            new String[] {"POST", "/api/v1/agent/runs/{run}/cancel"},
            new String[] {"POST", "/api/v1/agent/run"},
            new String[] {"POST", "/api/v1/agent/runs"},
            new String[] {"POST", "/v1/schedules/preview"},
            new String[] {"POST", "/v1/schedules/parse"},
            new String[] {"GET", "/v1/schedules/{id}"},
            new String[] {"POST", "/v1/schedules/{id}/pause"},
            new String[] {"POST", "/v1/schedules/{id}/resume"},
            new String[] {"POST", "/v1/schedules/{id}/skip-next"},
            new String[] {"POST", "/v1/schedules/{id}/run"},
            new String[] {"GET", "/v1/schedules"},
            new String[] {"GET", "/v1/runs"},
            new String[] {"GET", "/v1/keys"},
            new String[] {"POST", "/v1/keys"},
            new String[] {"DELETE", "/v1/keys/{id}"},
            new String[] {"GET", "/v1/audit"},
            new String[] {"GET", "/openapi.json"},
            new String[] {"GET", "/docs"},
            new String[] {"GET", "/healthz"},
            new String[] {"GET", "/readyz"},
            new String[] {"GET", "/metrics"},
            new String[] {"GET", "/no/such/route"});

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    /** Values at the edges of what each kind of field takes, and well past them. */
    private static final List<JsonNode> EDGES = List.of(
            NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(0), NODES.numberNode(-1),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(1.5),
            NODES.numberNode(new java.math.BigDecimal("1e999999999")), NODES.numberNode(new java.math.BigDecimal("-1e-999999999")),
            NODES.numberNode(new java.math.BigDecimal("253402300800000")), NODES.numberNode(new java.math.BigDecimal("1.7e12")),
            NODES.textNode(""), NODES.textNode(" "), NODES.textNode("9223372036854775807"), NODES.textNode("NaN"),
            NODES.textNode("+999999999-12-31T23:59:59Z"), NODES.textNode("-999999999-01-01T00:00:00Z"),
            NODES.textNode("0000-01-01T00:00:00Z"), NODES.textNode("9999-12-31T23:59:59.999Z"), NODES.textNode("1969-12-31T23:59:59Z"),
            NODES.textNode("9999999999999d"), NODES.textNode("999999999999d"), NODES.textNode("PT9999999999999H"),
            NODES.textNode("P106751991167300D"), NODES.textNode("-5s"), NODES.textNode("0ms"), NODES.textNode("1ms"),
            NODES.textNode("@every 999999999999d"), NODES.textNode("@every 1ms"), NODES.textNode("@every PT2562047788015215H"),
            NODES.textNode("* * * * * *"), NODES.textNode("0 0 30 2 *"), NODES.textNode("61 25 32 13 8"), NODES.textNode("@yearly"),
            NODES.textNode("in 9223372036854775807 days"), NODES.textNode("every 99999999999999 seconds"),
            NODES.textNode("on 9999-12-31 at 23:59"), NODES.textNode("Mars/Olympus_Mons"), NODES.textNode("Europe/Paris"),
            NODES.textNode(".."), NODES.textNode("../../etc/passwd"), NODES.textNode("%2e%2e"), NODES.textNode("a/b?c#d"),
            NODES.textNode("\u0000"), NODES.textNode("💥🕰️ züri ünïcødé \uD800"), NODES.textNode("x".repeat(70_000)),
            NODES.textNode("http://169.254.169.254/latest/meta-data"), NODES.textNode("http://0x7f000001/"),
            NODES.textNode("http://0177.0.0.1/"), NODES.textNode("file:///etc/passwd"), NODES.textNode("https://example.com/hook"),
            NODES.arrayNode(), NODES.objectNode(), deep(200));

    private static final List<String> FIELDS = List.of(
            "messages", "schedule", "type", "scheduled_at", "cron_expression", "callback_url", "max_steps",
            "include_return_message_types", "name", "cron_schedule", "prompt", "agent_config", "enabled", "team",
            "timezone", "start_at", "end_at", "catch_up", "catch_up_window", "catch_up_limit", "overlap", "jitter",
            "max_attempts", "retry_backoff", "timeout", "auto_pause_after", "cron", "every", "from", "count", "text",
            "config", "title", "mode", "metadata", "skill", "harness", "model_id", "base_prompt", "role", "content");

    private static final List<String> QUERIES = List.of(
            "limit", "after", "offset", "cursor", "state", "source", "schedule_id", "created_after", "created_before", "q",
            "face", "agent_id", "last_run_state", "min_lateness_ms");

    private Path dir;
    private App app;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<String> scheduleIds = new ArrayList<>();
    private final List<String> runIds = new ArrayList<>();
    private HttpStub letta;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        // A Letta that knows no computers and is too busy for agents: a delivery is retried later (the clock never
        // gets there), so nothing a request starts ends while another is checked.
        letta = new HttpStub(request -> request.path().startsWith("/v1/environments/")
                ? new HttpStub.Answer(404, "{\"detail\":\"Environment not found\"}")
                : new HttpStub.Answer(503, "{\"detail\":\"busy\"}"));
        app = App.start(ConfigLoader.load(Map.of(
                "AGENTCRON_LETTA_BASE_URL", letta.url(""),
                "AGENTCRON_PORT", "0",
                "AGENTCRON_HOST", "127.0.0.1",
                "AGENTCRON_DATA_DIR", dir.toString(),
                "AGENTCRON_API_KEY", KEY,
                "AGENTCRON_MAX_BODY_BYTES", "65536",
                "AGENTCRON_RATE_LIMIT", "1000000")), clock, new PrintStream(new ByteArrayOutputStream()));
        base = "http://127.0.0.1:" + app.port();
        seed();
    }

    @AfterAll
    void stop() {
        app.close();
        letta.close();
    }

    /** A few real schedules and runs, so that ids in paths sometimes name something. */
    private void seed() throws Exception {
        for (int i = 0; i < 3; i++) {
            JsonNode letta = send("POST", "/v1/agents/agent-1/schedule", """
                    {"messages":[{"role":"user","content":"hi"}],"schedule":{"type":"recurring","cron_expression":"0 9 * * *"}}""",
                    KEY).json();
            scheduleIds.add(letta.get("id").asText());
            JsonNode oz = send("POST", "/api/v1/agent/schedules", "{\"name\":\"n" + i + "\",\"cron_schedule\":\"0 9 * * *\",\"prompt\":\"p\"}",
                    KEY).json();
            scheduleIds.add(oz.get("id").asText());
        }
    }

    private record Answer(int status, String body, String contentType, long millis) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    private Answer send(String method, String path, String body, String key) throws IOException, InterruptedException {
        return send(method, path, body, key, Map.of());
    }

    private Answer send(String method, String path, String body, String key, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""), millis);
    }

    @Test
    void tenThousandBadRequestsGetBrief4xxAnswersAndChangeNothingStored() throws Exception {
        SplittableRandom random = new SplittableRandom(20261201);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
            String[] route = ROUTES.get(random.nextInt(ROUTES.size()));
            String method = random.nextInt(8) == 0 ? METHODS.get(random.nextInt(METHODS.size())) : route[0];
            String path = path(route[1], random) + query(random);
            String body = method.equals("GET") || method.equals("HEAD") || random.nextInt(10) == 0 ? null : body(random);
            String key = switch (random.nextInt(20)) {
                case 0 -> null;
                case 1 -> "not-a-key";
                case 2 -> "x".repeat(5000);
                default -> KEY;
            };
            Map<String, String> headers = random.nextInt(6) == 0 ? Map.of("Idempotency-Key", text(random)) : Map.of();
            String before = fingerprint();

            String request = method + " " + abbreviate(path) + " " + abbreviate(body);
            Answer answer;
            try {
                answer = send(method, path, body, key, headers.containsValue("") ? Map.of() : headers);
            } catch (IllegalArgumentException unsendable) {
                continue; // a header value the client itself refuses to send
            } catch (IOException e) {
                failures.add(request + " -> no answer: " + e.getMessage());
                continue;
            }

            if (answer.status() >= 500) {
                failures.add(request + " -> " + answer.status() + " " + abbreviate(answer.body()));
            }
            if (answer.status() >= 400 && answer.body().length() > MAX_ERROR_BYTES) {
                failures.add(request + " -> an error of " + answer.body().length() + " bytes");
            }
            if (answer.millis() > 1_000) {
                failures.add(request + " -> took " + answer.millis() + " ms");
            }
            if (answer.status() >= 400 && !fingerprint().equals(before)) {
                failures.add(request + " -> " + answer.status() + " but stored data changed");
            }
            if (answer.status() >= 400 && !method.equals("HEAD") && !answer.contentType().contains("json")) {
                failures.add(request + " -> " + answer.status() + " as " + answer.contentType());
            }
            if (answer.status() < 300 && path.startsWith("/api/v1/agent/run")) {
                rememberRun(answer);
            }
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void theHttpLayersOwnErrorsComeInTheFacesFormat() throws Exception {
        String tooLong = raw("GET /v1/agents/agent-1/schedule?q=" + "x".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        String bigHeaders = raw("GET /api/v1/agent/schedules HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(70_000) + "\r\n\r\n");
        String badEncoding = raw("GET /api/v1/agent/schedules/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                + "\r\nConnection: close\r\n\r\n");

        assertThat(tooLong).matches("(?s)HTTP/1.1 (414|431) .*").contains("Content-Type: application/json").doesNotContain("<html");
        assertThat(bigHeaders).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json").doesNotContain("<html");
        // A URI that cannot be read names no face: the plain format.
        assertThat(badEncoding).startsWith("HTTP/1.1 400").contains("Content-Type: application/json", "\"bad_request\"")
                .doesNotContain("<html");
    }

    @Test
    void anUnknownRouteOrAWrongMethodAsksForTheKeyFirst() throws Exception {
        assertThat(send("GET", "/no/such/route", null, null).status()).isEqualTo(401);
        assertThat(send("PATCH", "/api/v1/agent/schedules", "{}", null).status()).isEqualTo(401);
        assertThat(send("GET", "/no/such/route", null, KEY).status()).isEqualTo(404);
    }

    /** What a socket gets back for {@code request}, sent as it is. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(8_192);
            return new String(answer, StandardCharsets.ISO_8859_1);
        }
    }

    private void rememberRun(Answer answer) {
        try {
            JsonNode json = answer.json();
            if (json != null && json.hasNonNull("run_id") && runIds.size() < 50) {
                runIds.add(json.get("run_id").asText());
            }
        } catch (IOException notJson) {
            // a list, or a plain string: nothing to remember
        }
    }

    private String path(String template, SplittableRandom random) {
        return template
                .replace("{agent}", random.nextInt(3) == 0 ? pathValue(random) : "agent-1")
                .replace("{id}", random.nextInt(2) == 0 && !scheduleIds.isEmpty()
                        ? scheduleIds.get(random.nextInt(scheduleIds.size())) : pathValue(random))
                .replace("{run}", random.nextInt(2) == 0 && !runIds.isEmpty() ? runIds.get(random.nextInt(runIds.size())) : pathValue(random));
    }

    private static String pathValue(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "..";
            case 1 -> "%2e%2e";
            case 2 -> URLEncoder.encode("💥 ü/?", StandardCharsets.UTF_8);
            case 3 -> "a".repeat(1 + random.nextInt(3000));
            case 4 -> "sch-" + random.nextLong();
            default -> "x";
        };
    }

    private static String query(SplittableRandom random) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            JsonNode edge = EDGES.get(random.nextInt(EDGES.size()));
            String value = edge.isTextual() ? edge.asText() : edge.toString();
            q.append(QUERIES.get(random.nextInt(QUERIES.size()))).append('=')
                    .append(URLEncoder.encode(value.length() > 2000 ? value.substring(0, 2000) : value, StandardCharsets.UTF_8)).append('&');
        }
        return q.toString();
    }

    /** A body: a valid request of some face with one or more fields set to an edge, or something that is not one. */
    private static String body(SplittableRandom random) {
        switch (random.nextInt(12)) {
            case 0 -> {
                return "";
            }
            case 1 -> {
                return "{\"a\":";
            }
            case 2 -> {
                return "[" + "[".repeat(random.nextInt(100, 3000));
            }
            case 3 -> {
                return EDGES.get(random.nextInt(EDGES.size())).toString();
            }
            default -> {
                ObjectNode body = template(random);
                for (int i = random.nextInt(1, 4); i > 0; i--) {
                    ObjectNode target = random.nextInt(3) == 0 && body.get("schedule") instanceof ObjectNode s ? s : body;
                    target.set(FIELDS.get(random.nextInt(FIELDS.size())), EDGES.get(random.nextInt(EDGES.size())));
                }
                return body.toString();
            }
        }
    }

    private static ObjectNode template(SplittableRandom random) {
        ObjectNode body = NODES.objectNode();
        switch (random.nextInt(4)) {
            case 0 -> {
                ArrayNode messages = body.putArray("messages");
                messages.addObject().put("role", "user").put("content", "hello");
                body.putObject("schedule").put("type", "one-time").put("scheduled_at", 1_900_000_000_000L);
            }
            case 1 -> {
                body.putArray("messages").addObject().put("role", "user").put("content", "hello");
                body.putObject("schedule").put("type", "recurring").put("cron_expression", "*/5 * * * *");
            }
            case 2 -> body.put("name", "fuzz").put("cron_schedule", "0 9 * * *").put("prompt", "p")
                    .putObject("agent_config").put("name", "agent");
            default -> body.put("cron", "0 9 * * 1-5").put("timezone", "America/New_York").put("count", 5).put("text", "every weekday at 9am");
        }
        return body;
    }

    private static String text(SplittableRandom random) {
        JsonNode edge = EDGES.get(random.nextInt(EDGES.size()));
        return edge.isTextual() && edge.asText().length() < 300 && edge.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? edge.asText() : "k-" + random.nextInt(100);
    }

    private static JsonNode deep(int depth) {
        ObjectNode root = NODES.objectNode();
        ObjectNode node = root;
        for (int i = 0; i < depth; i++) {
            node = node.putObject("a");
        }
        return root;
    }

    private static String abbreviate(String text) {
        return text == null ? "-" : text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + ")";
    }

    /**
     * What a request could change, in one line. Run rows are counted but not compared field by field: a run an
     * earlier request started is delivered on its own thread meanwhile, and notes its attempts as it goes.
     */
    private String fingerprint() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("agentcron.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT (SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at), 0) FROM schedules)
                            || '/' || (SELECT count(*) FROM runs)
                            || '/' || (SELECT count(*) FROM schedule_payloads)
                            || '/' || (SELECT count(*) FROM idempotency_keys)
                            || '/' || (SELECT count(*) FROM api_keys)""")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
