package dev.agentcron.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One outbound call against a real HTTP server on loopback that answers well, badly, hugely and slowly. */
class HttpCallTest {

    private static final int CAP = 1 << 20;

    private HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final HttpCall call = new HttpCall(HttpClient.newHttpClient(), CAP);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) { // 64 MB
                    out.write(chunk);
                }
            } catch (IOException readerLeft) {
                // the caller stopped reading at its cap: expected
            }
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            try {
                released.await(); // headers and one byte, then nothing until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).build();
    }

    @Test
    void readsAWholeAnswer() {
        HttpCall.Answer answer = call.send(get("/ok"), Duration.ofSeconds(10));

        assertThat(answer).isEqualTo(new HttpCall.Response(200, "{\"ok\":true}", false, null));
        assertThat(((HttpCall.Response) answer).isSuccess()).isTrue();
    }

    @Test
    void sortsAnAnswerByTheRetryRuleAndKeepsWhatRetryAfterAsks() {
        HttpCall.Answer answer = call.send(get("/busy"), Duration.ofSeconds(10));

        assertThat(answer).isInstanceOfSatisfying(HttpCall.Response.class, r -> {
            assertThat(r.retryable()).isTrue();
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
    }

    @Test
    void cutsAHugeAnswerAtTheCapAndSaysSo() {
        HttpCall.Answer answer = call.send(get("/huge"), Duration.ofSeconds(30));

        assertThat(answer).isInstanceOfSatisfying(HttpCall.Response.class, r -> {
            assertThat(r.truncated()).isTrue();
            assertThat(r.body()).hasSize(CAP);
        });
    }

    @Test
    void aTargetThatTricklesItsBodyCannotHoldTheCallPastItsDeadline() {
        HttpCall.Answer answer = call.send(get("/trickle"), Duration.ofMillis(300));

        assertThat(answer).isEqualTo(new HttpCall.TimedOut(Duration.ofMillis(300)));
        assertThat(answer.retryable()).isTrue();
    }

    @Test
    void aTargetNobodyListensOnIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HttpCall.Answer answer = call.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build(),
                Duration.ofSeconds(10));

        assertThat(answer).isInstanceOf(HttpCall.Unreachable.class);
    }

    @Test
    void anInterruptedCallerGetsARetryableAnswerAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();

        HttpCall.Answer answer = call.send(get("/trickle"), Duration.ofSeconds(10));

        assertThat(answer).isEqualTo(new HttpCall.Interrupted());
        assertThat(Thread.interrupted()).isTrue();
    }
}
