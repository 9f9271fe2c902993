package dev.agentcron.store;

import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleState;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a group of run ends in one open transaction ({@link Store#finishRuns}): the runs, what each outcome
 * does to its schedule ({@link RunOutcome#applyTo}, on rows read under a lock), the outbox rows.
 */
final class RunEndWrites {

    /** A schedule's row as the outcomes change it. */
    private record Standing(ScheduleState state, LastRun lastRun, boolean paused) {}

    private final Dialect dialect;

    RunEndWrites(Dialect dialect) {
        this.dialect = dialect;
    }

    List<Store.Ended> record(Jdbc.Tx tx, List<Store.Finish> finishes, Instant now) throws SQLException {
        tx.apply(dialect.findRowsByKey());
        boolean[] updated = tx.write(dialect.finishRuns(), finishes.stream().map(f -> finishParams(f.end(), now)).toList());
        List<Boolean> finished = new ArrayList<>(finishes.size());
        List<Store.RunEnd> touching = new ArrayList<>();
        List<Params> callbacks = new ArrayList<>();
        for (int i = 0; i < finishes.size(); i++) {
            finished.add(updated[i]);
            if (!updated[i]) {
                continue;
            }
            Store.RunEnd end = finishes.get(i).end();
            if (end.scheduleId() != null && end.outcome().touchesSchedule()) {
                touching.add(end);
            }
            CallbackRecord callback = finishes.get(i).callback();
            if (callback != null) {
                callbacks.add(Params.create().with("id", callback.id()).with("run_id", callback.runId().value())
                        .with("url", callback.url()).with("body", callback.body())
                        .with("next_attempt_at", callback.nextAttemptAt()).with("created_at", now));
            }
        }
        tx.write(dialect.deletePendingRuns(), finishes.stream().map(f -> Params.create().with("id", f.end().id().value())).toList());
        Map<RunId, String> pausedBy = recordOutcomes(tx, touching);
        tx.batch(Sql.INSERT_CALLBACK, callbacks);
        List<Store.Ended> ended = new ArrayList<>(finishes.size());
        for (int i = 0; i < finishes.size(); i++) {
            ended.add(new Store.Ended(finished.get(i), pausedBy.get(finishes.get(i).end().id())));
        }
        return ended;
    }

    private static Params finishParams(Store.RunEnd end, Instant now) {
        RunOutcome outcome = end.outcome();
        return Params.create().with("id", end.id().value()).with("state", outcome.state().wire())
                .with("attempt", end.attempt()).with("started_at", outcome.startedAt()).with("response", end.response())
                .with("error", outcome.error()).with("now", now);
    }

    /** Applies the outcomes to their schedules; returns, for each end that paused its schedule, why. */
    private Map<RunId, String> recordOutcomes(Jdbc.Tx tx, List<Store.RunEnd> ends) throws SQLException {
        Map<RunId, String> pausedBy = new HashMap<>();
        if (ends.isEmpty()) {
            return pausedBy;
        }
        Map<ScheduleId, Standing> standings = new LinkedHashMap<>();
        Map<ScheduleId, Standing> read = new HashMap<>();
        tx.query(dialect.lockLastRuns(), Params.create().with("ids", ends.stream().map(e -> e.scheduleId().value()).distinct().toList()),
                rs -> read.put(new ScheduleId(rs.getString("id")), new Standing(ScheduleState.fromWire(rs.getString("state")),
                        new LastRun(Rows.instant(rs, "last_ran_at"), rs.getString("last_spawn_error"),
                                rs.getInt("failures_in_a_row"), rs.getString("paused_reason")), false)));
        for (Store.RunEnd end : ends) {
            Standing before = standings.getOrDefault(end.scheduleId(), read.get(end.scheduleId()));
            if (before == null) {
                continue; // the schedule was pruned: nothing to record on it
            }
            RunOutcome.Effect effect = end.outcome().applyTo(before.state(), before.lastRun());
            if (effect.pauses()) {
                pausedBy.put(end.id(), effect.lastRun().pausedReason());
            }
            standings.put(end.scheduleId(), effect.pauses()
                    ? new Standing(ScheduleState.PAUSED, effect.lastRun(), true)
                    : new Standing(before.state(), effect.lastRun(), before.paused()));
        }
        tx.batch(Sql.RECORD_LAST_RUN, standings.entrySet().stream().map(e -> Params.create()
                .with("id", e.getKey().value())
                .with("last_ran_at", e.getValue().lastRun().ranAt())
                .with("last_spawn_error", e.getValue().lastRun().spawnError())
                .with("failures_in_a_row", e.getValue().lastRun().failuresInARow())).toList());
        tx.batch(Sql.AUTO_PAUSE, standings.entrySet().stream().filter(e -> e.getValue().paused()).map(e -> Params.create()
                .with("id", e.getKey().value())
                .with("paused_reason", e.getValue().lastRun().pausedReason())).toList());
        return pausedBy;
    }
}
