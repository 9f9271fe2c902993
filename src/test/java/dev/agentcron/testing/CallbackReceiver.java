package dev.agentcron.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP endpoint on loopback that records what it receives and answers with scripted statuses. */
public final class CallbackReceiver implements AutoCloseable {

    /** One request as received. Header names are lower case. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, BlockingQueue<Received>> byPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    public CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            Received request = new Received(exchange.getRequestURI().getPath(), headers, body);
            received.add(request);
            queueOf(request.path()).add(request);
            int status = nextStatus();
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public synchronized CallbackReceiver thenAnswer(Integer... codes) {
        statuses.addAll(List.of(codes));
        return this;
    }

    private synchronized int nextStatus() {
        Integer next = statuses.poll();
        return next == null ? 200 : next;
    }

    /** The next request, waiting at most {@code seconds} (a bound for failure, not a pause). */
    public Received next(int seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next request to {@code path}, waiting at most {@code seconds}. */
    public Received next(String path, int seconds) throws InterruptedException {
        return queueOf(path).poll(seconds, TimeUnit.SECONDS);
    }

    private BlockingQueue<Received> queueOf(String path) {
        return byPath.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    public int count() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
