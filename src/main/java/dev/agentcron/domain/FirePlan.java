package dev.agentcron.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * What to do with a schedule whose nominal fire time has come: deliver a run for each occurrence in
 * {@code deliver}, record {@code missed} (when not null) as a missed run, and move the schedule to
 * {@code nextFireAt} (null when nothing is left).
 *
 * @param coalesced how many occurrences in the catch-up window were passed over without a run of their own
 */
public record FirePlan(List<Instant> deliver, Instant missed, Instant nextFireAt, int coalesced) {

    /** An occurrence this late after its nominal time counts as missed for the {@code skip} policy. */
    public static final Duration MISFIRE_GRACE = Duration.ofMinutes(1);

    public FirePlan {
        deliver = List.copyOf(deliver);
        if (deliver.isEmpty() && missed == null) {
            throw new IllegalArgumentException("a fire plan records at least one occurrence");
        }
    }

    /** Every occurrence this plan writes a run for: the delivered ones, then the missed one. */
    public List<Instant> occurrences() {
        if (missed == null) {
            return deliver;
        }
        List<Instant> all = new java.util.ArrayList<>(deliver);
        all.add(missed);
        return all;
    }

    /**
     * The runs this plan writes for {@code schedule} at {@code now}, one per {@link #occurrences()} entry,
     * named by {@code ids}. A delivered occurrence is pending, or skipped when its schedule's overlap policy
     * is {@code skip} and a run of it is unfinished ({@code busy}, or an earlier run of this same plan); the
     * missed occurrence is missed.
     */
    public List<Run> runs(Schedule schedule, List<RunId> ids, boolean busy, Instant now) {
        List<Instant> all = occurrences();
        if (ids.size() != all.size()) {
            throw new IllegalArgumentException("one run id per occurrence: " + all.size() + " != " + ids.size());
        }
        boolean skipsOverlap = schedule.policies().overlap() == OverlapPolicy.SKIP;
        boolean running = busy && skipsOverlap;
        List<Run> runs = new java.util.ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (i >= deliver.size()) {
                runs.add(Run.occurrence(schedule, ids.get(i), all.get(i), RunState.MISSED,
                        "missed: the occurrence was outside the catch-up window when a node could fire it", now));
            } else if (running) {
                runs.add(Run.occurrence(schedule, ids.get(i), all.get(i), RunState.SKIPPED,
                        "skipped: the previous run of this schedule was still going (overlap policy \"skip\")", now));
            } else {
                runs.add(Run.occurrence(schedule, ids.get(i), all.get(i), RunState.PENDING, null, now));
                running = skipsOverlap;
            }
        }
        return runs;
    }

    /** The catch-up rules a plan follows. */
    public record CatchUp(CatchUpPolicy policy, Duration window, int limit) {
        public CatchUp {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * Plans the fire of {@code trigger}'s occurrence {@code nominal}, at {@code now}.
     *
     * <p>Recurring: every occurrence from {@code nominal} up to {@code now} inside the catch-up window is
     * considered. {@code once} delivers the latest; {@code skip} delivers it only when it is the only one and
     * on time within {@link #MISFIRE_GRACE}, else records it as missed; {@code all} delivers each, oldest
     * first, the latest {@code limit} of them. Nothing inside the window: the nominal occurrence is recorded
     * as missed. The next fire is computed from the nominal times, so cron never drifts. One-time: delivered
     * late inside the window, recorded as missed beyond it.
     */
    public static FirePlan plan(Trigger trigger, Instant nominal, Instant now, CatchUp rules) {
        Instant windowStart = now.minus(rules.window());
        if (trigger.isOneTime()) {
            return nominal.isBefore(windowStart)
                    ? new FirePlan(List.of(), nominal, null, 0)
                    : new FirePlan(List.of(nominal), null, null, 0);
        }
        Instant first = nominal;
        if (nominal.isBefore(windowStart)) {
            // Jump over occurrences older than the window instead of walking through them one by one.
            Instant inWindow = trigger.nextAfter(windowStart.minusMillis(1)).orElse(null);
            if (inWindow == null || inWindow.isAfter(now)) {
                return new FirePlan(List.of(), nominal, inWindow, 0);
            }
            first = inWindow;
        }
        int keep = rules.policy() == CatchUpPolicy.ALL ? rules.limit() : 1;
        Deque<Instant> latest = new ArrayDeque<>(keep);
        int seen = 0;
        Instant next = first;
        while (next != null && !next.isAfter(now)) {
            if (latest.size() == keep) {
                latest.removeFirst();
            }
            latest.addLast(next);
            seen++;
            next = trigger.nextAfter(next).orElse(null);
        }
        int passedOver = seen - latest.size() + (first == nominal ? 0 : 1);
        return switch (rules.policy()) {
            case ONCE, ALL -> new FirePlan(List.copyOf(latest), null, next, passedOver);
            case SKIP -> {
                Instant only = latest.getLast();
                boolean onTime = seen == 1 && first == nominal && !only.isBefore(now.minus(MISFIRE_GRACE));
                yield onTime ? new FirePlan(List.of(only), null, next, 0) : new FirePlan(List.of(), only, next, passedOver);
            }
        };
    }
}
