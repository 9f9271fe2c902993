package dev.agentcron.runner;

import java.net.http.HttpResponse;
import java.time.Duration;

/** The retry rule for HTTP targets, shared by every runner and the callback sender. */
public final class HttpStatuses {

    private HttpStatuses() {}

    /** Connect errors and timeouts are retried too; this covers the answers: 408, 409, 429 and 5xx. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The delay a {@code Retry-After: <seconds>} header asks for, or null when absent or a date. */
    public static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after")
                .filter(v -> v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 7)
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
    }

    /** The first {@code max} characters of a body, for error messages. */
    public static String excerpt(String body, int max) {
        if (body == null) {
            return "";
        }
        return body.length() <= max ? body : body.substring(0, max) + "…";
    }
}
