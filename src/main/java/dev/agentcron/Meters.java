package dev.agentcron;

import dev.agentcron.engine.LeaseKeeper;
import dev.agentcron.engine.ScheduleCounts;
import dev.agentcron.runner.DeliveryTimer;
import dev.agentcron.store.Store;
import dev.agentcron.store.TransactionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/** Part of the composition root: the meters that watch the store, the runners and the cluster from outside them. */
final class Meters {

    private Meters() {}

    /** Store latency: {@code agentcron_store_transaction_seconds}. */
    static TransactionTimer storeTimer(MeterRegistry registry) {
        Timer timer = Timer.builder("agentcron.store.transaction")
                .description("Time each store transaction took, from taking a connection to the commit")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Delivery latency by runner: {@code agentcron_delivery_duration_seconds{runner}}. */
    static DeliveryTimer deliveryTimer(MeterRegistry registry) {
        return (runner, took) -> Timer.builder("agentcron.delivery.duration").tag("runner", runner)
                .description("Time from sending a run to its agent to having the answer, by runner")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofSeconds(60), Duration.ofMinutes(10))
                .register(registry).record(took);
    }

    /** Schedules by state, and in a cluster the buckets this node holds. */
    static void gauges(MeterRegistry registry, Store store, InstantSource clock, LeaseKeeper keeper) {
        new ScheduleCounts(store, clock).register(registry);
        if (keeper != null) {
            Gauge.builder("agentcron.cluster.buckets.held", keeper, k -> k.claim().buckets().size())
                    .description("Buckets whose lease this node holds").register(registry);
        }
    }
}
