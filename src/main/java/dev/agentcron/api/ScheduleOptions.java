package dev.agentcron.api;

import static dev.agentcron.api.RequestBody.kind;
import static dev.agentcron.api.RequestBody.optionalText;
import static dev.agentcron.api.RequestBody.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.DurationText;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.RunPolicy;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.WireTime;
import dev.agentcron.domain.cron.CronExpression;
import dev.agentcron.domain.cron.InvalidCronException;
import dev.agentcron.service.ServiceException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/**
 * agentcron's extension fields, read the same way on every face: a trigger's {@code timezone},
 * {@code start_at} and {@code end_at}; cron with seconds and {@code @every 90s} intervals; and the policies
 * {@code catch_up}, {@code catch_up_window}, {@code catch_up_limit}, {@code overlap}, {@code jitter},
 * {@code max_attempts}, {@code retry_backoff}, {@code timeout} and {@code auto_pause_after}.
 */
public final class ScheduleOptions {

    private static final Duration MAX_JITTER = Duration.ofDays(1);

    private ScheduleOptions() {}

    /**
     * A recurring trigger from {@code expression} (5- or 6-field cron, a macro, or {@code @every <duration>}),
     * with {@code timezone}, {@code start_at} and {@code end_at} read from {@code options}.
     */
    public static Trigger recurring(String expression, String path, ObjectNode options, String optionsPath) {
        ZoneId zone = zone(options, optionsPath);
        Instant start = time(options, "start_at", optionsPath);
        Instant end = time(options, "end_at", optionsPath);
        if (start != null && end != null && end.isBefore(start)) {
            throw new ServiceException.InvalidInput(prefix(optionsPath) + "end_at", "is before start_at");
        }
        String trimmed = expression.trim();
        if (trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("@every")) {
            Duration interval = duration(trimmed.substring("@every".length()).trim(), path);
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ServiceException.InvalidInput(path, "an interval must be at least 1s, got " + DurationText.format(interval));
            }
            // Without start_at, intervals are aligned to the Unix epoch: @every 15m fires at :00, :15, :30, :45.
            return new Trigger.Every(interval, start != null ? start : Instant.EPOCH, end);
        }
        try {
            return new Trigger.Cron(CronExpression.parse(trimmed), zone, start, end);
        } catch (InvalidCronException e) {
            throw new ServiceException.InvalidInput(path, e.getMessage());
        }
    }

    /** How the request's policy fields change a schedule's policies; fields it leaves out keep their value. */
    public static UnaryOperator<Policies> policies(ObjectNode body) {
        String catchUp = optionalText(body, "catch_up", "catch_up", 16);
        Duration window = optionalDuration(body, "catch_up_window");
        Integer limit = optionalWhole(body, "catch_up_limit", 1, 1000);
        String overlap = optionalText(body, "overlap", "overlap", 16);
        Duration jitter = optionalDuration(body, "jitter");
        Integer maxAttempts = optionalWhole(body, "max_attempts", 1, 100);
        Duration backoff = optionalDuration(body, "retry_backoff");
        Duration timeout = optionalDuration(body, "timeout");
        Integer autoPause = optionalWhole(body, "auto_pause_after", 1, 1000);
        CatchUpPolicy catchUpPolicy = catchUp == null ? null : enumValue(CatchUpPolicy.class, catchUp, "catch_up", "once, skip, all");
        OverlapPolicy overlapPolicy = overlap == null ? null : enumValue(OverlapPolicy.class, overlap, "overlap", "skip, queue, allow");
        if (jitter != null && jitter.compareTo(MAX_JITTER) > 0) {
            throw new ServiceException.InvalidInput("jitter", "must be at most 1d, got " + DurationText.format(jitter));
        }
        return p -> {
            RunPolicy.Retry retry = p.retry();
            if (maxAttempts != null || backoff != null) {
                retry = new RunPolicy.Retry(maxAttempts != null ? maxAttempts : retry != null ? retry.maxAttempts() : 5,
                        backoff != null ? backoff : retry != null ? retry.backoff() : null);
            }
            return new Policies(
                    catchUpPolicy != null ? catchUpPolicy : p.catchUp(),
                    window != null ? window : p.catchUpWindow(),
                    limit != null ? limit : p.catchUpLimit(),
                    overlapPolicy != null ? overlapPolicy : p.overlap(),
                    jitter != null ? jitter : p.jitter(),
                    retry,
                    timeout != null ? timeout : p.timeout(),
                    autoPause != null ? autoPause : p.autoPauseAfter());
        };
    }

    /** Writes a trigger's extension fields ({@code timezone}, {@code start_at}, {@code end_at}) when set. */
    public static void writeTrigger(ObjectNode out, Trigger trigger) {
        switch (trigger) {
            case Trigger.At at -> { }
            case Trigger.Cron cron -> {
                if (!cron.zone().equals(ZoneOffset.UTC) && !cron.zone().getId().equals("UTC")) {
                    out.put("timezone", cron.zone().getId());
                }
                putTime(out, "start_at", cron.startAt());
                putTime(out, "end_at", cron.endAt());
            }
            case Trigger.Every every -> {
                putTime(out, "start_at", every.anchor().equals(Instant.EPOCH) ? null : every.anchor());
                putTime(out, "end_at", every.endAt());
            }
        }
    }

    /** Writes the policy fields that differ from what nothing set. */
    public static void writePolicies(ObjectNode out, Policies p) {
        if (p.catchUp() != CatchUpPolicy.ONCE) {
            out.put("catch_up", p.catchUp().wire());
        }
        if (p.catchUp() == CatchUpPolicy.ALL) {
            out.put("catch_up_limit", p.catchUpLimit());
        }
        putDuration(out, "catch_up_window", p.catchUpWindow());
        putDuration(out, "jitter", p.jitter());
        if (p.retry() != null) {
            out.put("max_attempts", p.retry().maxAttempts());
            putDuration(out, "retry_backoff", p.retry().backoff());
        }
        putDuration(out, "timeout", p.timeout());
        if (p.autoPauseAfter() != null) {
            out.put("auto_pause_after", p.autoPauseAfter());
        }
    }

    /** The text a recurring trigger is written back as: its cron text, or {@code @every <duration>}. */
    public static String expression(Trigger trigger) {
        return switch (trigger) {
            case Trigger.Cron cron -> cron.expression().text();
            case Trigger.Every every -> "@every " + DurationText.format(every.interval());
            case Trigger.At at -> "";
        };
    }

    private static void putTime(ObjectNode out, String field, Instant value) {
        if (value != null) {
            out.put(field, WireTime.format(value));
        }
    }

    private static void putDuration(ObjectNode out, String field, Duration value) {
        if (value != null) {
            out.put(field, DurationText.format(value));
        }
    }

    /** {@code timezone} of {@code options}: an IANA zone, UTC when absent. */
    public static ZoneId zone(ObjectNode options, String optionsPath) {
        String text = optionalText(options, "timezone", prefix(optionsPath) + "timezone", 64);
        if (text == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ServiceException.InvalidInput(prefix(optionsPath) + "timezone",
                    "must be an IANA time zone such as Europe/Paris, got \"" + text + "\"");
        }
    }

    /** An instant given as RFC 3339 text or as Unix epoch milliseconds; null when absent. */
    public static Instant time(ObjectNode options, String field, String optionsPath) {
        JsonNode value = options.get(field);
        String path = prefix(optionsPath) + field;
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(wholeNumber(value, path, 0, WireTime.LATEST.toEpochMilli()));
        }
        if (!value.isTextual()) {
            throw new ServiceException.InvalidInput(path, "must be an RFC 3339 time or Unix milliseconds, got " + kind(value));
        }
        return instant(value.asText(), path);
    }

    /** An RFC 3339 time between 1970 and 9999, from a query parameter or a field at {@code path}. */
    public static Instant instant(String text, String path) {
        try {
            return WireTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput(path, e.getMessage() + ", got " + RequestBody.quote(text));
        }
    }

    private static Duration optionalDuration(ObjectNode body, String field) {
        String text = optionalText(body, field, field, 32);
        return text == null ? null : duration(text, field);
    }

    static Duration duration(String text, String path) {
        try {
            Duration d = DurationText.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput(path, "must be a positive duration such as 90s, 15m, 1h or 2d, at most "
                    + DurationText.format(DurationText.LONGEST) + ", got \"" + text + "\"");
        }
    }

    private static Integer optionalWhole(ObjectNode body, String field, int min, int max) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : (int) wholeNumber(value, field, min, max);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field, String allowed) {
        try {
            return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput(field, "must be one of " + allowed + ", got \"" + text + "\"");
        }
    }

    private static String prefix(String path) {
        return path == null || path.isEmpty() ? "" : path + ".";
    }
}
