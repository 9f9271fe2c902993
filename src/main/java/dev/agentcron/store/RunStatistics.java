package dev.agentcron.store;

import dev.agentcron.domain.Principal;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.ScheduleId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts and lateness percentiles over a window of runs, computed by the database: no run row leaves it. A
 * percentile is the value at its rank, found with an offset into the window's lateness order. And the states of
 * a few schedules' last runs, for a history strip.
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

    /** The states of each schedule's last {@code perSchedule} runs, newest first, read in one transaction. */
    Map<ScheduleId, List<RunState>> recentStates(List<ScheduleId> schedules, int perSchedule) {
        return jdbc.inTransaction(tx -> {
            Map<ScheduleId, List<RunState>> out = new LinkedHashMap<>();
            for (ScheduleId id : schedules) {
                out.put(id, tx.query(Sql.RECENT_RUN_STATES, Params.create().with("schedule_id", id.value()).with("limit", perSchedule),
                        rs -> RunState.fromWire(rs.getString(1))));
            }
            return out;
        });
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
