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
import java.util.HashSet;
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
            tx.update(sql.insertSchedule(), rows.scheduleParams(schedule));
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
        return jdbc.update(sql.updateSchedule(), rows.scheduleParams(schedule)) == 1;
    }

    @Override
    public boolean deleteSchedule(ScheduleId id, Instant now) {
        return jdbc.update(sql.deleteSchedule(), Params.of("id", id.value(), "now", now)) == 1;
    }

    @Override
    public List<Schedule> findDue(Instant until, int limit, Claim claim) {
        return jdbc.query(sql.findDue(), claimParams(claim).with("until", until).with("limit", limit), rows::schedule);
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
            List<Fired> written = new ArrayList<>(fires.size());
            for (Fire fire : fires) {
                Schedule s = fire.schedule();
                if (!locked.contains(s.id().value())) {
                    continue;
                }
                Instant next = s.fireTimeOf(fire.plan().nextFireAt());
                int advanced = tx.update(sql.advanceSchedule(), Params.of(
                        "id", s.id().value(),
                        "version", s.version(),
                        "next_fire_at", next,
                        "state", (next == null ? ScheduleState.DONE : ScheduleState.ACTIVE).wire(),
                        "fence_node", claim.node(),
                        "fence_epoch", claim.epochs().getOrDefault(Buckets.of(s), -1L)));
                if (advanced == 0) {
                    continue; // changed or deleted since it was loaded: the new version is loaded afresh
                }
                List<Run> runs = new ArrayList<>();
                boolean busy = isStillRunning(tx, s);
                List<Instant> occurrences = fire.plan().occurrences();
                for (int i = 0; i < occurrences.size(); i++) {
                    boolean missed = i >= fire.plan().deliver().size();
                    RunState state = missed ? RunState.MISSED : busy ? RunState.SKIPPED : RunState.PENDING;
                    Run run = occurrence(s, occurrences.get(i), fire.runIds().get(i), state, now);
                    if (tx.update(sql.insertRun(), rows.runParams(run).with("fired_by", claim.node())) == 1) {
                        runs.add(run);
                        // A second run of one fire (catch-up "all") overlaps the first while it is pending.
                        busy = busy || (state == RunState.PENDING && s.policies().overlap() == OverlapPolicy.SKIP);
                    }
                }
                written.add(new Fired(s.advancedTo(next), runs));
            }
            return written;
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
        jdbc.update(sql.insertRun(), rows.runParams(run));
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
        if (!end.state().isFinished()) {
            throw new IllegalArgumentException("finishRun needs a final state, got " + end.state());
        }
        return jdbc.inTransaction(tx -> {
            int updated = tx.update(sql.finishRun(), Params.of(
                    "id", end.id().value(), "state", end.state().wire(), "attempt", end.attempt(),
                    "started_at", end.startedAt(), "response", end.response(), "error", end.error(), "now", now));
            if (updated == 0) {
                return false;
            }
            // What this run says about spawning (an agent that ran, even to fail, clears the last spawn
            // error) and about failing in a row (enough of them pause the schedule, when it asks for that).
            Params outcome = Params.of("run_id", end.id().value(), "ran_at", null, "spawn_error", null, "failed", false,
                    "pause_after", end.autoPauseAfter() == null ? 0 : end.autoPauseAfter(),
                    "pause_reason", "paused after " + end.autoPauseAfter() + " failed runs in a row; the last: " + end.error());
            switch (end.state()) {
                case SUCCEEDED -> tx.update(sql.recordRunOutcome(), outcome.with("ran_at", end.startedAt()));
                case FAILED -> tx.update(sql.recordRunOutcome(), outcome.with("failed", true));
                case ERROR -> tx.update(sql.recordRunOutcome(), outcome.with("failed", true).with("spawn_error", end.error()));
                case PENDING, RUNNING, CANCELLED, SKIPPED, MISSED -> { }
            }
            if (callback != null) {
                tx.update(sql.insertCallback(), Params.of(
                        "id", callback.id(),
                        "run_id", callback.runId().value(),
                        "url", callback.url(),
                        "body", callback.body(),
                        "next_attempt_at", callback.nextAttemptAt(),
                        "created_at", now));
            }
            return true;
        });
    }

    @Override
    public boolean cancelRun(RunId id, String reason, Instant now) {
        return jdbc.update(sql.cancelRun(), Params.of("id", id.value(), "reason", reason, "now", now)) == 1;
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
        for (String query : List.of(sql.pruneCallbacks(), sql.pruneRuns(), sql.pruneSchedules(), sql.pruneIdempotencyKeys())) {
            deleted += jdbc.update(query, params);
        }
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
