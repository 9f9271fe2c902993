package dev.agentcron.engine;

import dev.agentcron.domain.RunState;
import dev.agentcron.runner.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The engine's Prometheus meters, named {@code agentcron_*}. */
final class EngineMetrics {

    private final Timer lateness;
    private final Counter fired;
    private final Counter missed;
    private final Counter delivered;
    private final Counter retryable;
    private final Counter failedAttempts;
    private final Map<RunState, Counter> finished = new EnumMap<>(RunState.class);

    EngineMetrics(MeterRegistry registry, DueQueue queue) {
        lateness = Timer.builder("agentcron.fire.lateness")
                .description("Time from an occurrence's due instant to the commit of its run")
                .publishPercentileHistogram()
                .register(registry);
        fired = Counter.builder("agentcron.runs.fired").description("Runs written for delivery").register(registry);
        missed = Counter.builder("agentcron.runs.missed").description("Occurrences recorded as missed").register(registry);
        delivered = attempts(registry, "delivered");
        retryable = attempts(registry, "retryable");
        failedAttempts = attempts(registry, "failed");
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

    void fired(Duration late, boolean deliver) {
        if (deliver) {
            fired.increment();
            lateness.record(late.isNegative() ? Duration.ZERO : late);
        } else {
            missed.increment();
        }
    }

    void delivery(DeliveryOutcome outcome) {
        switch (outcome) {
            case DeliveryOutcome.Delivered d -> delivered.increment();
            case DeliveryOutcome.Retryable r -> retryable.increment();
            case DeliveryOutcome.Failed f -> failedAttempts.increment();
        }
    }

    void finished(RunState state) {
        Counter counter = finished.get(state);
        if (counter != null) {
            counter.increment();
        }
    }
}
