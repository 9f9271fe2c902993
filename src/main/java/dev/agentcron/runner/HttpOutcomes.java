package dev.agentcron.runner;

import java.util.function.Function;

/** How an HTTP answer becomes a delivery outcome, the same for every runner that starts its agent over HTTP. */
final class HttpOutcomes {

    private static final int EXCERPT = 500;

    private HttpOutcomes() {}

    /**
     * A 2xx answer goes to {@code success} with its body; another answer is retried when the retry rule says
     * so and is a spawn failure otherwise; no answer (timeout, unreachable, interrupted) is retried.
     *
     * @param target what was called, for the reason: "Letta", "webhook https://..."
     */
    static DeliveryOutcome of(HttpCall.Answer answer, String target, Function<String, DeliveryOutcome> success) {
        return switch (answer) {
            case HttpCall.Response r when r.isSuccess() && r.truncated() -> switch (success.apply(r.body())) {
                case DeliveryOutcome.Delivered d -> new DeliveryOutcome.Delivered(d.response(),
                        "the answer was longer than AGENTCRON_MAX_ANSWER_BYTES; only its start is kept");
                case DeliveryOutcome other -> other;
            };
            case HttpCall.Response r when r.isSuccess() -> success.apply(r.body());
            case HttpCall.Response r -> {
                String reason = target + " answered " + r.status() + ": " + r.excerpt(EXCERPT);
                yield r.retryable() ? new DeliveryOutcome.Retryable(reason, r.retryAfter()) : new DeliveryOutcome.Rejected(reason, r.body());
            }
            case HttpCall.TimedOut t -> new DeliveryOutcome.Retryable(target + " did not answer within " + t.deadline(), null);
            case HttpCall.Unreachable u -> new DeliveryOutcome.Retryable("cannot reach " + target + ": " + u.reason(), null);
            case HttpCall.Interrupted i -> new DeliveryOutcome.Retryable("interrupted while waiting for " + target, null);
        };
    }
}
