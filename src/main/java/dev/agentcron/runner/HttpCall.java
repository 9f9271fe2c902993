package dev.agentcron.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every outbound HTTP request of the runners and the callback sender, made one way: one deadline covers
 * connecting, the headers and the whole body (a target that trickles its answer cannot hold a run past it);
 * the body is read up to a cap and the rest dropped; and the answer is sorted by the retry rule (408, 409,
 * 429 and 5xx, timeouts, connection errors and interrupts are worth another attempt).
 */
public final class HttpCall {

    /** What came of a call. */
    public sealed interface Answer {

        /** Whether another attempt could go differently. */
        boolean retryable();
    }

    /**
     * The target answered. {@code body} is at most the cap, {@code truncated} when more was sent;
     * {@code retryAfter} is what a {@code Retry-After: <seconds>} header asked for, or null.
     */
    public record Response(int status, String body, boolean truncated, Duration retryAfter) implements Answer {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        @Override
        public boolean retryable() {
            return status == 408 || status == 409 || status == 429 || status >= 500;
        }

        /** The first {@code max} characters of the body, for error messages. */
        public String excerpt(int max) {
            return body.length() <= max ? body : body.substring(0, max) + "…";
        }
    }

    /** No whole answer came within the deadline. */
    public record TimedOut(Duration deadline) implements Answer {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The target could not be reached (refused, reset, unknown host, TLS). */
    public record Unreachable(String reason) implements Answer {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * The calling thread was interrupted: the run was cancelled, or the server is stopping. Retryable, so that
     * at a stop the run stays unfinished and is delivered again on the next start; a cancelled run is already
     * finished in the store, and nothing is retried for it.
     */
    public record Interrupted() implements Answer {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    private final HttpClient http;
    private final int maxBodyBytes;

    /** @param maxBodyBytes the most of an answer's body that is read and kept */
    public HttpCall(HttpClient http, int maxBodyBytes) {
        this.http = http;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Sends {@code request} and waits for the whole answer, at most {@code deadline}. */
    public Answer send(HttpRequest request, Duration deadline) {
        CompletableFuture<HttpResponse<CappedBody.Read>> future =
                http.sendAsync(request, info -> new CappedBody(maxBodyBytes));
        try {
            HttpResponse<CappedBody.Read> response = future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Response(response.statusCode(), response.body().text(), response.body().truncated(), retryAfter(response));
        } catch (TimeoutException e) {
            future.cancel(true);
            return new TimedOut(deadline);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Interrupted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new TimedOut(deadline);
            }
            return new Unreachable(cause instanceof IOException ? cause.toString() : String.valueOf(cause));
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after")
                .filter(v -> !v.isEmpty() && v.length() < 7 && v.chars().allMatch(Character::isDigit))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
    }

    /** Collects a body up to {@code cap} bytes, then stops reading and drops the rest. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Read> {

        record Read(String text, boolean truncated) {}

        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Read> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<Read> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int room = cap - bytes.size();
                if (buffer.remaining() > room) {
                    byte[] part = new byte[room];
                    buffer.get(part);
                    bytes.writeBytes(part);
                    subscription.cancel();
                    result.complete(new Read(bytes.toString(StandardCharsets.UTF_8), true));
                    return;
                }
                byte[] all = new byte[buffer.remaining()];
                buffer.get(all);
                bytes.writeBytes(all);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Read(bytes.toString(StandardCharsets.UTF_8), false));
        }
    }
}
