package dev.agentcron.callback;

import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.runner.HttpCall;
import dev.agentcron.store.CallbackRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

/** Makes one signed attempt at a callback. Retries are the caller's. */
public final class CallbackSender {

    /** How an attempt went. {@code statusCode} is null when no answer came. */
    public record Result(boolean delivered, boolean retryable, Integer statusCode, String error) {}

    private final HttpCall http;
    private final WebhookSignature signature;
    private final TargetPolicy targets;
    private final Duration timeout;

    public CallbackSender(HttpCall http, WebhookSignature signature, TargetPolicy targets, Duration timeout) {
        this.http = http;
        this.signature = signature;
        this.targets = targets;
        this.timeout = timeout;
    }

    public Result send(CallbackRecord callback, Instant now) {
        URI url;
        try {
            url = URI.create(callback.url());
        } catch (IllegalArgumentException e) {
            return new Result(false, false, null, "invalid callback URL: " + e.getMessage());
        }
        TargetPolicy.Connect target;
        switch (targets.decide(url)) {
            case TargetPolicy.Refused refused -> {
                return new Result(false, false, null, "callback refused: " + refused.reason());
            }
            case TargetPolicy.Connect connect -> target = connect;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url());
        if (target.hostHeader() != null) {
            builder.header("Host", target.hostHeader()); // the name checked, sent to the address checked
        }
        HttpRequest request = builder
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "agentcron")
                .header("webhook-id", callback.id())
                .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .header("webhook-signature", signature.sign(callback.id(), now, callback.body()))
                .header("Idempotency-Key", callback.id())
                .POST(HttpRequest.BodyPublishers.ofString(callback.body()))
                .build();
        return switch (http.send(request, timeout)) {
            case HttpCall.Response r when r.isSuccess() -> new Result(true, false, r.status(), null);
            case HttpCall.Response r -> new Result(false, r.retryable(), r.status(), "callback answered " + r.status() + ": " + r.excerpt(200));
            case HttpCall.TimedOut t -> new Result(false, true, null, "callback did not answer within " + t.deadline());
            case HttpCall.Unreachable u -> new Result(false, true, null, "cannot reach callback: " + u.reason());
            case HttpCall.Interrupted i -> new Result(false, true, null, "interrupted");
        };
    }
}
