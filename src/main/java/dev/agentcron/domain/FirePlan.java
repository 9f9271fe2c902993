package dev.agentcron.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to do with a schedule whose nominal fire time has come: record one run for {@code occurrence}
 * (delivered when {@code deliver}, or written as {@code MISSED}), and move the schedule to {@code nextFireAt}
 * (null when nothing is left).
 *
 * @param coalesced how many earlier occurrences this run stands for beyond itself (catch-up {@code once})
 */
public record FirePlan(Instant occurrence, boolean deliver, Instant nextFireAt, int coalesced) {

    /** An occurrence this late after its nominal time counts as missed for the {@code skip} policy. */
    public static final Duration MISFIRE_GRACE = Duration.ofMinutes(1);

    public FirePlan {
        Objects.requireNonNull(occurrence, "occurrence");
    }

    /**
     * Plans the fire of {@code trigger}'s occurrence {@code nominal}, at {@code now}.
     *
     * <p>Recurring: every occurrence up to {@code now} is coalesced into the latest one; it is delivered when
     * it is inside {@code catchUpWindow} (and, for {@code skip}, on time within {@link #MISFIRE_GRACE}),
     * else recorded as missed. The next fire is computed from the nominal time, so cron never drifts.
     * One-time: delivered late inside the window, recorded as missed beyond it.
     */
    public static FirePlan plan(Trigger trigger, Instant nominal, Instant now, CatchUpPolicy policy, Duration catchUpWindow) {
        Instant windowStart = now.minus(catchUpWindow);
        if (trigger.isOneTime()) {
            return new FirePlan(nominal, !nominal.isBefore(windowStart), null, 0);
        }
        Instant latest = nominal;
        int coalesced = 0;
        if (nominal.isBefore(windowStart)) {
            // Jump over occurrences older than the window instead of walking through them one by one.
            Instant inWindow = trigger.nextAfter(windowStart.minusMillis(1)).orElse(null);
            if (inWindow == null || inWindow.isAfter(now)) {
                return new FirePlan(nominal, false, inWindow, 0);
            }
            latest = inWindow;
            coalesced = 1;
        }
        Instant next = trigger.nextAfter(latest).orElse(null);
        while (next != null && !next.isAfter(now)) {
            latest = next;
            coalesced++;
            next = trigger.nextAfter(latest).orElse(null);
        }
        boolean inWindow = !latest.isBefore(windowStart);
        boolean deliver = switch (policy) {
            case ONCE -> inWindow;
            case SKIP -> inWindow && coalesced == 0 && !latest.isBefore(now.minus(MISFIRE_GRACE));
        };
        return new FirePlan(latest, deliver, next, coalesced);
    }
}
