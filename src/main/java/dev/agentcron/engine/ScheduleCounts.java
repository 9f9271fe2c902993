package dev.agentcron.engine;

import dev.agentcron.domain.ScheduleState;
import dev.agentcron.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;

/**
 * Schedules by state, as gauges ({@code agentcron_schedules{state}}): counted in the store at most every 30 s,
 * so frequent scrapes never scan the table often.
 */
public final class ScheduleCounts {

    private static final Duration FRESH = Duration.ofSeconds(30);

    private final Store store;
    private final InstantSource clock;
    private Map<ScheduleState, Long> counts = new EnumMap<>(ScheduleState.class);
    private Instant countedAt = Instant.MIN;

    public ScheduleCounts(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public void register(MeterRegistry registry) {
        for (ScheduleState state : new ScheduleState[] {ScheduleState.ACTIVE, ScheduleState.PAUSED}) {
            Gauge.builder("agentcron.schedules", this, counts -> counts.of(state)).tag("state", state.wire())
                    .description("Schedules by state, counted at most every 30 s").register(registry);
        }
    }

    synchronized double of(ScheduleState state) {
        Instant now = clock.instant();
        if (countedAt.plus(FRESH).isBefore(now)) {
            try {
                counts = store.countSchedulesByState();
                countedAt = now;
            } catch (RuntimeException e) {
                return Double.NaN; // the store is down: no number rather than a stale one
            }
        }
        return counts.getOrDefault(state, 0L);
    }
}
