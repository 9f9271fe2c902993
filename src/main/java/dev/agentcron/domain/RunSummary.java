package dev.agentcron.domain;

import java.time.Duration;
import java.util.Map;

/**
 * What a caller's runs came to since a moment: how many ended in each state, and how late the scheduled ones
 * started (nearest-rank percentiles; null when no scheduled run has started in the window).
 */
public record RunSummary(Map<RunState, Long> byState, Duration latenessP50, Duration latenessP95, Duration latenessP99) {

    public RunSummary {
        byState = Map.copyOf(byState);
    }

    public long count(RunState state) {
        return byState.getOrDefault(state, 0L);
    }

    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }
}
