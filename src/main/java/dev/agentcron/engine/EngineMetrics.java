package dev.agentcron.engine;

import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunState;
import dev.agentcron.runner.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The engine's Prometheus meters, named {@code agentcron_*}. */
public final class EngineMetrics {

    private final Timer lateness;
    private final Counter fired;
    private final Counter missed;
    private final Counter skipped;
    private final Counter delivered;
    private final Counter retryable;
    private final Counter failedAttempts;
    private final Counter rejected;
    private final Map<RunState, Counter> finished = new EnumMap<>(RunState.class);

    public EngineMetrics(MeterRegistry registry, DueQueue queue) {
        lateness = Timer.builder("agentcron.fire.lateness")
                .description("Time from an occurrence's due instant to the commit of its run")
                .publishPercentileHistogram()
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
        registry.gauge("agentcron.engine.queued", queue, DueQueue::size);
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

    void finished(RunState state) {
        Counter counter = finished.get(state);
        if (counter != null) {
            counter.increment();
        }
    }
}
