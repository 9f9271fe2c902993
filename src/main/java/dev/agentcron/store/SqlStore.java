package dev.agentcron.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import dev.agentcron.domain.Buckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;
import java.util.Optional;

/** The {@link Store} over JDBC; the dialect is a {@link Queries}. */
public final class SqlStore implements Store {

    private final HikariDataSource dataSource;
    private final Queries sql;
    private final Jdbc jdbc;
    private final Rows rows;
    private final ChangeFeed changes;

    public SqlStore(HikariDataSource dataSource, Queries sql, ObjectMapper json, ChangeFeed changes) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.jdbc = new Jdbc(dataSource);
        this.rows = new Rows(json);
        this.changes = changes;
    }

    @Override
    public void insertSchedule(Schedule schedule, IdempotencyRecord idempotency) {
        jdbc.inTransaction(tx -> {
            Params params = rows.scheduleParams(schedule);
            tx.update(sql.insertSchedule(), params);
            tx.update(sql.insertSchedulePayload(), params);
            if (idempotency != null) {
                tx.update(sql.insertIdempotency(), Params.of(
                        "owner", idempotency.owner().id(),
                        "key", idempotency.key(),
                        "request_hash", idempotency.requestHash(),
                        "status", idempotency.status(),
                        "response", idempotency.response(),
                        "created_at", idempotency.createdAt()));
            }
            return null;
        });
    }

    @Override
    public void insertSchedules(List<Schedule> schedules) {
        jdbc.inTransaction(tx -> {
            List<Params> params = schedules.stream().map(rows::scheduleParams).toList();
            tx.batch(sql.insertSchedule(), params);
            tx.batch(sql.insertSchedulePayload(), params);
            return null;
        });
    }

    @Override
    public Optional<Schedule> findSchedule(ScheduleId id) {
        return jdbc.queryOne(sql.findSchedule(), Params.of("id", id.value()), rows::schedule);
    }

    @Override
    public List<Schedule> listSchedules(Principal owner, String agentId, String afterId, int limit) {
        return jdbc.query(sql.listSchedules(), Params.of(
                "owner", owner.id(), "agent_id", agentId, "after", afterId == null ? "" : afterId, "limit", limit),
                rows::schedule);
    }

    @Override
    public List<Schedule> listSchedulesByName(Principal owner, ScheduleKind kind) {
        return jdbc.query(sql.listSchedulesByName(), Params.of("owner", owner.id(), "kind", kind.wire()), rows::schedule);
    }

    @Override
    public boolean updateSchedule(Schedule schedule) {
        return jdbc.inTransaction(tx -> {
            Params params = rows.scheduleParams(schedule);
            if (tx.update(sql.updateSchedule(), params) != 1) {
                return false;
            }
            tx.update(sql.updateSchedulePayload(), params);
            return true;
        });
    }

    @Override
    public boolean deleteSchedule(ScheduleId id, Instant now) {
        return jdbc.update(sql.deleteSchedule(), Params.of("id", id.value(), "now", now)) == 1;
    }

    @Override
    public List<Schedule> findDue(Instant until, int limit, Claim claim) {
        // Two reads, not a join: the due query walks the narrow index alone, then the payloads of what it found.
        return jdbc.inTransaction(tx -> {
            List<Rows.Narrow> due = tx.query(sql.findDue(), claimParams(claim).with("until", until).with("limit", limit), rows::narrow);
            if (due.isEmpty()) {
                return List.of();
            }
            Map<String, String> payloads = new HashMap<>();
            tx.query(sql.findSchedulePayloads(), Params.of("ids", due.stream().map(Rows.Narrow::id).toList()),
                    rs -> payloads.put(rs.getString(1), rs.getString(2)));
            List<Schedule> schedules = new ArrayList<>(due.size());
            for (Rows.Narrow row : due) {
                schedules.add(row.with(payloads.get(row.id())));
            }
            return schedules;
        });
    }

    private static Params claimParams(Claim claim) {
        return Params.of("all_buckets", claim.coversAll(), "buckets", List.copyOf(claim.buckets()));
    }

    @Override
    public List<Fired> recordFires(List<Fire> fires, Instant now, Claim claim) {
        return jdbc.inTransaction(tx -> {
            // Second guard beside the fence: rows another node is firing right now are left to it.
            Set<String> locked = new HashSet<>(tx.query(sql.lockForFire(),
                    Params.of("ids", fires.stream().map(f -> f.schedule().id().value()).toList()), rs -> rs.getString(1)));
            List<Fire> mine = fires.stream().filter(f -> locked.contains(f.schedule().id().value())).toList();
            // One batch of advances, fenced, then one batch of run inserts: a round trip each, whatever the group.
            int[] advanced = tx.batch(sql.advanceSchedule(), mine.stream().map(fire -> {
                Schedule s = fire.schedule();
                Instant next = s.fireTimeOf(fire.plan().nextFireAt());
                return Params.of(
                        "id", s.id().value(),
                        "version", s.version(),
                        "next_fire_at", next,
                        "state", (next == null ? ScheduleState.DONE : ScheduleState.ACTIVE).wire(),
                        "fence_node", claim.node(),
                        "fence_epoch", claim.epochs().getOrDefault(Buckets.of(s), -1L));
            }).toList());
            List<Fire> moved = new ArrayList<>();
            List<List<Run>> runsOf = new ArrayList<>(); // parallel to moved
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++) {
                if (advanced[i] == 0) {
                    continue; // changed or deleted since it was loaded: the new version is loaded afresh
                }
                Fire fire = mine.get(i);
                Schedule s = fire.schedule();
                List<Run> own = new ArrayList<>();
                boolean busy = isStillRunning(tx, s);
                List<Instant> occurrences = fire.plan().occurrences();
                for (int j = 0; j < occurrences.size(); j++) {
                    boolean missed = j >= fire.plan().deliver().size();
                    RunState state = missed ? RunState.MISSED : busy ? RunState.SKIPPED : RunState.PENDING;
                    own.add(occurrence(s, occurrences.get(j), fire.runIds().get(j), state, now));
                    // A second run of one fire (catch-up "all") overlaps the first while it is pending.
                    busy = busy || (state == RunState.PENDING && s.policies().overlap() == OverlapPolicy.SKIP);
                }
                moved.add(fire);
                runsOf.add(own);
                runs.addAll(own);
            }
            int[] inserted = tx.batch(sql.insertRun(), runs.stream().map(r -> rows.runParams(r).with("fired_by", claim.node())).toList());
            Set<RunId> written = new HashSet<>();
            List<Params> pending = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                if (inserted[i] != 0) {
                    written.add(runs.get(i).id());
                    if (runs.get(i).state() == RunState.PENDING) {
                        pending.add(pendingParams(runs.get(i)));
                    }
                }
            }
            tx.batch(sql.insertPendingRun(), pending);
            List<Fired> fired = new ArrayList<>(moved.size());
            for (int i = 0; i < moved.size(); i++) {
                Schedule s = moved.get(i).schedule();
                List<Run> own = runsOf.get(i).stream().filter(r -> written.contains(r.id())).toList();
                fired.add(new Fired(s.advancedTo(s.fireTimeOf(moved.get(i).plan().nextFireAt())), own));
            }
            return fired;
        });
    }

    private boolean isStillRunning(Jdbc.Tx tx, Schedule s) throws SQLException {
        if (s.policies().overlap() != OverlapPolicy.SKIP) {
            return false;
        }
        return tx.query(sql.countUnfinishedRuns(), Params.of("schedule_id", s.id().value()), rs -> rs.getLong(1)).getFirst() > 0;
    }

    private static Run occurrence(Schedule s, Instant occurrence, RunId id, RunState state, Instant now) {
        String error = switch (state) {
            case MISSED -> "missed: the occurrence was outside the catch-up window when a node could fire it";
            case SKIPPED -> "skipped: the previous run of this schedule was still going (overlap policy \"skip\")";
            default -> null;
        };
        Instant finishedAt = state == RunState.PENDING ? null : now;
        return new Run(id, s.id(), s.owner(), s.kind(), s.agentId(), RunSource.SCHEDULE, s.laneFor(id), occurrence, state, 0,
                s.runInput(), s.callbackUrl(), s.policies().runPolicy(),
                new Run.Times(now, now, null, finishedAt, Duration.between(s.fireTimeOf(occurrence), now)), null, error, null);
    }

    @Override
    public void insertRun(Run run) {
        jdbc.inTransaction(tx -> {
            if (tx.update(sql.insertRun(), rows.runParams(run).with("fired_by", null)) == 1 && !run.state().isFinished()) {
                tx.update(sql.insertPendingRun(), pendingParams(run));
            }
            return null;
        });
    }

    private static Params pendingParams(Run run) {
        return Params.of("id", run.id().value(), "bucket", Buckets.of(run), "due_at", run.dueAt());
    }

    @Override
    public Optional<Run> findRun(RunId id) {
        return jdbc.queryOne(sql.findRun(), Params.of("id", id.value()), rows::run);
    }

    @Override
    public List<Run> findUnfinishedRuns(int limit, Claim claim) {
        return jdbc.query(sql.findUnfinishedRuns(), claimParams(claim).with("limit", limit), rows::run);
    }

    @Override
    public boolean startAttempt(RunId id, int attempt, Instant now) {
        return jdbc.update(sql.startAttempt(), Params.of("id", id.value(), "attempt", attempt, "now", now)) == 1;
    }

    @Override
    public void noteRetry(RunId id, String error, Instant now) {
        jdbc.update(sql.noteRetry(), Params.of("id", id.value(), "error", error, "now", now));
    }

    @Override
    public boolean finishRun(RunEnd end, Instant now, CallbackRecord callback) {
        return finishRuns(List.of(new Finish(end, callback)), now).getFirst();
    }

    @Override
    public List<Boolean> finishRuns(List<Finish> finishes, Instant now) {
        for (Finish f : finishes) {
            if (!f.end().state().isFinished()) {
                throw new IllegalArgumentException("finishRun needs a final state, got " + f.end().state());
            }
        }
        return jdbc.inTransaction(tx -> {
            int[] updated = tx.batch(sql.finishRun(), finishes.stream().map(f -> {
                RunEnd end = f.end();
                return Params.of("id", end.id().value(), "state", end.state().wire(), "attempt", end.attempt(),
                        "started_at", end.startedAt(), "response", end.response(), "error", end.error(), "now", now);
            }).toList());
            List<Params> outcomes = new ArrayList<>();
            List<Params> callbacks = new ArrayList<>();
            List<Boolean> finished = new ArrayList<>(finishes.size());
            for (int i = 0; i < finishes.size(); i++) {
                finished.add(updated[i] != 0);
                if (updated[i] == 0) {
                    continue;
                }
                RunEnd end = finishes.get(i).end();
                Params outcome = outcome(end);
                if (outcome != null) {
                    outcomes.add(outcome);
                }
                CallbackRecord callback = finishes.get(i).callback();
                if (callback != null) {
                    callbacks.add(Params.of("id", callback.id(), "run_id", callback.runId().value(), "url", callback.url(),
                            "body", callback.body(), "next_attempt_at", callback.nextAttemptAt(), "created_at", now));
                }
            }
            tx.batch(sql.deletePendingRun(), finishes.stream()
                    .map(f -> Params.of("id", f.end().id().value())).toList());
            tx.batch(sql.recordRunOutcome(), outcomes);
            tx.batch(sql.insertCallback(), callbacks);
            return finished;
        });
    }

    /**
     * What a run's end says to its schedule: an agent that ran (even to fail) clears the last spawn error; a
     * success resets the failures in a row; enough failures in a row pause the schedule when it asks for
     * that. Null when there is nothing to record (a plain success of a message with no auto-pause).
     */
    private static Params outcome(RunEnd end) {
        Params outcome = Params.of("run_id", end.id().value(), "ran_at", null, "spawn_error", null, "failed", false,
                "pause_after", end.autoPauseAfter() == null ? 0 : end.autoPauseAfter(),
                "pause_reason", "paused after " + end.autoPauseAfter() + " failed runs in a row; the last: " + end.error());
        return switch (end.state()) {
            case SUCCEEDED -> end.tracksRuns() ? outcome.with("ran_at", end.startedAt()) : null;
            case FAILED -> outcome.with("failed", true);
            case ERROR -> outcome.with("failed", true).with("spawn_error", end.error());
            case PENDING, RUNNING, CANCELLED, SKIPPED, MISSED -> null;
        };
    }

    @Override
    public boolean cancelRun(RunId id, String reason, Instant now) {
        return jdbc.inTransaction(tx -> {
            boolean cancelled = tx.update(sql.cancelRun(), Params.of("id", id.value(), "reason", reason, "now", now)) == 1;
            tx.update(sql.deletePendingRun(), Params.of("id", id.value()));
            return cancelled;
        });
    }

    @Override
    public List<Run> listRuns(ScheduleId scheduleId, int offset, int limit) {
        return jdbc.query(sql.listRuns(), Params.of("schedule_id", scheduleId.value(), "offset", offset, "limit", limit),
                rows::run);
    }

    @Override
    public List<Run> queryRuns(RunFilter q) {
        return jdbc.query(sql.queryRuns(), Params.of(
                "owner", q.owner().id(),
                "schedule_id", q.scheduleId() == null ? null : q.scheduleId().value(),
                "any_state", q.states().isEmpty(),
                "states", q.states().stream().map(RunState::wire).toList(),
                "any_source", q.sources().isEmpty(),
                "sources", q.sources().stream().map(RunSource::wire).toList(),
                "created_after", q.createdAfter(),
                "created_before", q.createdBefore(),
                "cursor_at", q.before() == null ? null : q.before().createdAt(),
                "cursor_id", q.before() == null ? null : q.before().id(),
                "limit", q.limit()), rows::run);
    }

    @Override
    public int prune(Instant before, int limit, Claim claim) {
        Params params = claimParams(claim).with("before", before).with("limit", limit);
        int deleted = 0;
        deleted += jdbc.update(sql.pruneCallbacks(), params);
        deleted += jdbc.update(sql.pruneRuns(), params);
        deleted += jdbc.inTransaction(tx -> {
            // Chosen once, deleted together: no payload outlives its schedule.
            List<String> ids = tx.query(sql.findPrunableSchedules(), params, rs -> rs.getString(1));
            if (ids.isEmpty()) {
                return 0;
            }
            tx.update(sql.deleteSchedulePayloads(), Params.of("ids", ids));
            return tx.update(sql.deleteSchedules(), Params.of("ids", ids));
        });
        deleted += jdbc.update(sql.pruneIdempotencyKeys(), params);
        return deleted;
    }

    @Override
    public void announce(String message) {
        changes.announce(message);
    }

    @Override
    public AutoCloseable listen(Consumer<String> onMessage) {
        return changes.listen(onMessage);
    }

    @Override
    public List<CallbackRecord> findPendingCallbacks(int limit, Claim claim) {
        return jdbc.query(sql.findPendingCallbacks(), claimParams(claim).with("limit", limit), rows::callback);
    }

    @Override
    public void recordCallbackAttempt(CallbackAttempt a) {
        jdbc.update(sql.recordCallbackAttempt(), Params.of(
                "id", a.id(), "state", a.state(), "attempts", a.attempts(), "last_status", a.statusCode(),
                "last_error", a.error(), "next_attempt_at", a.nextAttemptAt(), "delivered_at", a.deliveredAt()));
    }

    @Override
    public void insertApiKey(ApiKeyRecord key) {
        jdbc.update(sql.insertApiKey(), Params.of(
                "id", key.id(), "principal", key.principal(), "name", key.name(), "key_hash", key.keyHash(),
                "created_at", key.createdAt()));
    }

    @Override
    public Optional<ApiKeyRecord> findApiKeyByHash(String keyHash) {
        return jdbc.queryOne(sql.findApiKeyByHash(), Params.of("key_hash", keyHash), rows::apiKey);
    }

    @Override
    public long countApiKeys() {
        return jdbc.queryOne(sql.countApiKeys(), Params.of(), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public Optional<IdempotencyRecord> findIdempotency(Principal owner, String key) {
        return jdbc.queryOne(sql.findIdempotency(), Params.of("owner", owner.id(), "key", key), rows::idempotency);
    }

    @Override
    public Optional<String> findSetting(String name) {
        return jdbc.queryOne(sql.findSetting(), Params.of("name", name), rs -> rs.getString(1));
    }

    @Override
    public String insertSettingIfAbsent(String name, String value) {
        return jdbc.inTransaction(tx -> {
            tx.update(sql.insertSettingIfAbsent(), Params.of("name", name, "value", value));
            return tx.query(sql.findSetting(), Params.of("name", name), rs -> rs.getString(1)).getFirst();
        });
    }

    boolean isPostgres() {
        return sql instanceof PostgresQueries;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        changes.close();
        dataSource.close();
    }
}
