package dev.agentcron.store;

import dev.agentcron.domain.Principal;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts and lateness percentiles over a window of runs, computed by the database: no run row leaves it. A
 * percentile is the value at its rank, found with an offset into the window's lateness index order.
 */
final class RunStatistics {

    private final Jdbc jdbc;

    RunStatistics(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    RunSummary since(Set<Principal> owners, Instant since) {
        Params window = Params.create().with("owners", SqlStore.ids(owners)).with("since", since);
        Map<RunState, Long> byState = new EnumMap<>(RunState.class);
        jdbc.query(Sql.COUNT_RUNS_BY_STATE, window, rs -> Map.entry(RunState.fromWire(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> byState.put(e.getKey(), e.getValue()));
        long timed = jdbc.queryOne(Sql.COUNT_TIMED_RUNS, window, rs -> rs.getLong(1)).orElse(0L);
        return new RunSummary(byState, lateness(window, timed, 0.50), lateness(window, timed, 0.95), lateness(window, timed, 0.99));
    }

    private Duration lateness(Params window, long timed, double fraction) {
        if (timed == 0) {
            return null;
        }
        long rank = (long) Math.ceil(fraction * timed) - 1;
        return jdbc.queryOne(Sql.LATENESS_AT_RANK, window.with("rank", Math.max(0, rank)), rs -> Duration.ofMillis(rs.getLong(1)))
                .orElse(null);
    }
}
