package dev.agentcron.service;

import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.domain.Trigger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;

/** What a schedule must be to be created or edited: due in the future, not too frequent, with a callback URL it may call. */
final class ScheduleRules {

    private final TargetPolicy targets;
    private final Duration minInterval;

    ScheduleRules(TargetPolicy targets, Duration minInterval) {
        this.targets = targets;
        this.minInterval = minInterval;
    }

    static Instant firstFire(Trigger trigger, Instant now) {
        return switch (trigger) {
            case Trigger.At at -> {
                if (!at.at().isAfter(now)) {
                    throw new ServiceException.InvalidInput(ServiceException.Field.SCHEDULED_AT,
                            "must be in the future (Unix epoch milliseconds); " + at.at().toEpochMilli()
                                    + " is " + (now.toEpochMilli() - at.at().toEpochMilli()) + " ms in the past");
                }
                yield at.at();
            }
            case Trigger.Cron cron -> cron.nextAfter(now).orElseThrow(() -> new ServiceException.InvalidInput(
                    ServiceException.Field.CRON, "\"" + cron.expression() + "\" never matches a future time"));
            case Trigger.Every every -> every.nextAfter(now).orElseThrow();
        };
    }

    /**
     * Refuses a trigger that fires more often than the minimum interval ({@code AGENTCRON_MIN_INTERVAL}): the
     * gaps between its next few fires from {@code first} are measured, which catches every cron and interval
     * that is too frequent (cron repeats its pattern, so a short gap shows up within a day of fires).
     */
    void checkInterval(Trigger trigger, Instant first) {
        if (trigger.isOneTime()) {
            return;
        }
        Instant previous = first;
        for (int i = 0; i < 64; i++) {
            Instant next = trigger.nextAfter(previous).orElse(null);
            if (next == null) {
                return;
            }
            if (Duration.between(previous, next).compareTo(minInterval) < 0) {
                throw new ServiceException.InvalidInput(ServiceException.Field.CRON, "fires " + Duration.between(previous, next).toMillis()
                        + " ms apart at " + previous + "; the shortest interval allowed is " + minInterval.toMillis()
                        + " ms (AGENTCRON_MIN_INTERVAL)");
            }
            previous = next;
        }
    }

    void checkCallback(String callbackUrl) {
        if (callbackUrl == null) {
            return;
        }
        String refusal;
        try {
            refusal = targets.syntaxRefusal(new URI(callbackUrl));
        } catch (URISyntaxException e) {
            refusal = "is not a valid URL: " + e.getReason();
        }
        if (refusal != null) {
            throw new ServiceException.InvalidInput(ServiceException.Field.CALLBACK_URL, refusal);
        }
    }
}
