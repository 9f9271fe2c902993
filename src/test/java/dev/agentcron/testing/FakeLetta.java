package dev.agentcron.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Letta-compatible server on loopback: {@code POST /v1/agents/{id}/messages} answers with a
 * {@code LettaResponse} that echoes the message; agent {@code agent-missing} gets 404. The environments of
 * {@link #environment} answer {@code GET /v1/environments/{device_id}} and take
 * {@code POST /v1/environments/{connection_id}/messages}. Requests are recorded
 * as they arrive; a closed gate holds answers back, to keep deliveries in flight.
 */
public final class FakeLetta implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String agentId, String authorization, String idempotencyKey, JsonNode body) {}

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();
    private final java.util.Map<String, BlockingQueue<Request>> byAgent = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Request> all = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> environments = new java.util.concurrent.ConcurrentHashMap<>();
    private final BlockingQueue<Request> environmentMessages = new LinkedBlockingQueue<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    public FakeLetta() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/agents/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String agentId = parts.length > 3 ? parts[3] : "";
            JsonNode body = json.readTree(exchange.getRequestBody());
            Request request = new Request(agentId, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body);
            all.add(request);
            arrivals.add(request);
            queueOf(agentId).add(request);
            try {
                CountDownLatch waiting = gate;
                if (waiting.getCount() > 0) {
                    held.incrementAndGet();
                    waiting.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = agentId.equals("agent-missing") ? 404 : 200;
            String answer = status == 404 ? "{\"detail\":\"Agent not found\"}" : response(agentId, body);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException clientGone) {
                // The caller was killed while we held the answer back; that is the point of the gate.
            }
            exchange.close();
        });
        server.createContext("/v1/environments/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String answer;
            int status;
            if (exchange.getRequestMethod().equals("POST") && parts.length == 5 && parts[4].equals("messages")) {
                Request request = new Request(parts[3], exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"), json.readTree(exchange.getRequestBody()));
                all.add(request);
                environmentMessages.add(request);
                status = 200;
                answer = "{\"success\":true,\"message\":\"Message sent to environment\"}";
            } else {
                String environment = parts.length == 4 ? environments.get(parts[3]) : null;
                status = environment == null ? 404 : 200;
                answer = environment == null ? "{\"detail\":\"Environment not found\"}" : environment;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /**
     * Registers {@code deviceId} as a letta-code listener, connected through {@code connectionId} (null: not
     * connected) with its last heartbeat at {@code lastHeartbeat} (Unix ms), as Letta Cloud describes one.
     */
    public void environment(String deviceId, String connectionId, long lastHeartbeat) {
        environments.put(deviceId, """
                {"id":"env-%1$s","connectionId":%2$s,"deviceId":"%1$s","connectionName":"laptop","organizationId":"org-1",
                 "userId":"user-secret","apiKeyOwner":"owner-secret","podId":null,"connectedAt":%3$d,"lastHeartbeat":%3$d,
                 "lastSeenAt":%3$d,"firstSeenAt":%3$d,"metadata":{"workingDirectory":"/home/someone/private"}}
                """.formatted(deviceId, connectionId == null ? "null" : "\"" + connectionId + "\"", lastHeartbeat));
    }

    /** The next message handed to an environment (its {@code agentId} is the connection id), waiting at most {@code seconds}. */
    public Request nextEnvironmentMessage(int seconds) throws InterruptedException {
        return environmentMessages.poll(seconds, TimeUnit.SECONDS);
    }

    private String response(String agentId, JsonNode body) {
        String said = body.path("messages").path(0).path("content").asText();
        return """
                {"messages":[
                  {"id":"message-1","message_type":"reasoning_message","reasoning":"thinking","run_id":"run-letta-1"},
                  {"id":"message-2","message_type":"assistant_message","content":"%s heard: %s","run_id":"run-letta-1"}],
                 "stop_reason":{"message_type":"stop_reason","stop_reason":"end_turn"},
                 "usage":{"message_type":"usage_statistics","completion_tokens":5,"prompt_tokens":10,"total_tokens":15,"step_count":1,"run_ids":["run-letta-1"]}}
                """.formatted(agentId, said.replace("\"", "'"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers held back at the gate since it closed: deliveries in flight. */
    public int held() {
        return held.get();
    }

    /** Holds every answer until {@link #open()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    /** The next request to arrive, waiting at most {@code seconds}. */
    public Request next(int seconds) throws InterruptedException {
        return arrivals.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next request for {@code agentId}, waiting at most {@code seconds}. */
    public Request next(String agentId, int seconds) throws InterruptedException {
        return queueOf(agentId).poll(seconds, TimeUnit.SECONDS);
    }

    private BlockingQueue<Request> queueOf(String agentId) {
        return byAgent.computeIfAbsent(agentId, a -> new LinkedBlockingQueue<>());
    }

    public List<Request> all() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        open();
        server.stop(0);
    }
}
