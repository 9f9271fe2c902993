package dev.agentcron.engine;

import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunState;
import dev.agentcron.runner.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's Prometheus meters, named {@code agentcron_*}, each with HELP text. No label carries a schedule,
 * run or agent id, so the number of series stays fixed however many schedules there are.
 */
public final class EngineMetrics {

    /** Lateness buckets from 1 ms to 1,000 s in a 1-2-5 series, as Temporal's. */
    private static final Duration[] LATENESS_BUCKETS = lateness();

    private final Timer lateness;
    private final Counter fired;
    private final Counter missed;
    private final Counter skipped;
    private final Counter delivered;
    private final Counter retryable;
    private final Counter failedAttempts;
    private final Counter rejected;
    private final Map<RunState, Counter> finished = new EnumMap<>(RunState.class);
    private final Counter callbacksDelivered;
    private final Counter callbacksRetried;
    private final Counter callbacksFailed;

    public EngineMetrics(MeterRegistry registry, DueQueue queue) {
        lateness = Timer.builder("agentcron.fire.lateness")
                .description("Time from a scheduled occurrence's due instant to the commit of its run (scheduled fires only)")
                .serviceLevelObjectives(LATENESS_BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(1000))
                .register(registry);
        fired = Counter.builder("agentcron.runs.fired").description("Runs written for delivery").register(registry);
        missed = Counter.builder("agentcron.runs.missed").description("Occurrences recorded as missed").register(registry);
        skipped = Counter.builder("agentcron.runs.skipped").description("Occurrences skipped while the previous run was going").register(registry);
        delivered = attempts(registry, "delivered");
        retryable = attempts(registry, "retryable");
        failedAttempts = attempts(registry, "failed");
        rejected = attempts(registry, "rejected");
        for (RunState state : RunState.values()) {
            if (state.isFinished()) {
                finished.put(state, Counter.builder("agentcron.runs.finished").tag("state", state.wire())
                        .description("Runs that reached a final state").register(registry));
            }
        }
        callbacksDelivered = callbacks(registry, "delivered");
        callbacksRetried = callbacks(registry, "retried");
        callbacksFailed = callbacks(registry, "failed");
        Gauge.builder("agentcron.engine.queued", queue, DueQueue::size)
                .description("Occurrences and timed tasks waiting in memory for their instant").register(registry);
    }

    private static Duration[] lateness() {
        List<Duration> buckets = new ArrayList<>();
        for (long decade = 1; decade <= 100_000; decade *= 10) {
            for (long step : new long[] {1, 2, 5}) {
                buckets.add(Duration.ofMillis(decade * step));
            }
        }
        buckets.add(Duration.ofSeconds(1000));
        return buckets.toArray(Duration[]::new);
    }

    private static Counter callbacks(MeterRegistry registry, String outcome) {
        return Counter.builder("agentcron.callbacks").tag("outcome", outcome)
                .description("Callback attempts by outcome: delivered, retried later, or failed for good").register(registry);
    }

    private static Counter attempts(MeterRegistry registry, String outcome) {
        return Counter.builder("agentcron.delivery.attempts").tag("outcome", outcome)
                .description("Delivery attempts by outcome").register(registry);
    }

    void fired(Run run) {
        switch (run.state()) {
            case PENDING -> {
                fired.increment();
                lateness.record(run.times().lateness().isNegative() ? Duration.ZERO : run.times().lateness());
            }
            case SKIPPED -> skipped.increment();
            case MISSED -> missed.increment();
            case RUNNING, SUCCEEDED, FAILED, ERROR, CANCELLED -> { }
        }
    }

    void delivery(DeliveryOutcome outcome) {
        switch (outcome) {
            case DeliveryOutcome.Delivered d -> delivered.increment();
            case DeliveryOutcome.Retryable r -> retryable.increment();
            case DeliveryOutcome.Failed f -> failedAttempts.increment();
            case DeliveryOutcome.Rejected r -> rejected.increment();
        }
    }

    void callback(String outcome) {
        switch (outcome) {
            case "delivered" -> callbacksDelivered.increment();
            case "pending" -> callbacksRetried.increment();
            default -> callbacksFailed.increment();
        }
    }

    void finished(RunState state) {
        Counter counter = finished.get(state);
        if (counter != null) {
            counter.increment();
        }
    }
}
