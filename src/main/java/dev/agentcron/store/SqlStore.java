package dev.agentcron.store;

import dev.agentcron.domain.AuditEntry;
import dev.agentcron.domain.ApiKeyRecord;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The {@link Store} over JDBC: one SQL text per query ({@link Sql}), and a {@link Dialect} for what differs. */
final class SqlStore implements Store {

    private final Jdbc jdbc;
    private final Rows rows;
    private final FireWrites fires;
    private final RunEndWrites ends;
    private final ChangeFeed changes;
    private final AutoCloseable pool;
    private final KeyRecords keys;
    private final RunStatistics statistics;

    SqlStore(Jdbc jdbc, Dialect dialect, Rows rows, ChangeFeed changes, AutoCloseable pool) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.fires = new FireWrites(dialect, rows);
        this.ends = new RunEndWrites(dialect);
        this.changes = changes;
        this.pool = pool;
        this.keys = new KeyRecords(jdbc, rows);
        this.statistics = new RunStatistics(jdbc);
    }

    @Override
    public void insertSchedule(Schedule schedule, IdempotencyRecord idempotency) {
        jdbc.inTransaction(tx -> {
            Params params = rows.scheduleParams(schedule);
            tx.update(Sql.INSERT_SCHEDULE, params);
            tx.update(Sql.INSERT_SCHEDULE_PAYLOAD, params);
            if (idempotency != null) {
                tx.update(Sql.INSERT_IDEMPOTENCY, Params.create()
                        .with("owner", idempotency.owner().id())
                        .with("key", idempotency.key())
                        .with("request_hash", idempotency.requestHash())
                        .with("schedule_id", idempotency.scheduleId().value())
                        .with("created_at", idempotency.createdAt()));
            }
            return null;
        });
    }

    @Override
    public void insertSchedules(List<Schedule> schedules) {
        jdbc.inTransaction(tx -> {
            List<Params> params = schedules.stream().map(rows::scheduleParams).toList();
            tx.batch(Sql.INSERT_SCHEDULE, params);
            tx.batch(Sql.INSERT_SCHEDULE_PAYLOAD, params);
            return null;
        });
    }

    @Override
    public Optional<Schedule> findSchedule(ScheduleId id) {
        return jdbc.queryOne(Sql.FIND_SCHEDULE, Params.create().with("id", id.value()), rows::schedule);
    }

    @Override
    public Map<ScheduleState, Long> countSchedulesByState() {
        Map<ScheduleState, Long> counts = new EnumMap<>(ScheduleState.class);
        jdbc.query(Sql.COUNT_SCHEDULES_BY_STATE, Params.create(), rs -> counts.put(ScheduleState.fromWire(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    @Override
    public long countSchedules(Principal owner) {
        return jdbc.queryOne(Sql.COUNT_SCHEDULES, Params.create().with("owner", owner.id()), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public List<Schedule> listSchedules(Collection<Principal> owners, String agentId, String afterId, int limit) {
        return jdbc.query(Sql.LIST_SCHEDULES, Params.create().with("owners", ids(owners)).with("agent_id", agentId)
                .with("after", afterId == null ? "" : afterId).with("limit", limit), rows::schedule);
    }

    @Override
    public List<Schedule> querySchedules(ScheduleQuery query) {
        return jdbc.query(Sql.QUERY_SCHEDULES, Rows.queryParams(query).with("owners", ids(query.owners())), rows::schedule);
    }

    @Override
    public List<Schedule> listSchedulesByName(Collection<Principal> owners, ScheduleKind kind) {
        return jdbc.query(Sql.LIST_SCHEDULES_BY_NAME, Params.create().with("owners", ids(owners)).with("kind", kind.wire()),
                rows::schedule);
    }

    static List<String> ids(Collection<Principal> principals) {
        return principals.stream().map(Principal::id).toList();
    }

    @Override
    public boolean updateSchedule(Schedule schedule) {
        return jdbc.inTransaction(tx -> {
            Params params = rows.scheduleParams(schedule);
            if (tx.update(Sql.UPDATE_SCHEDULE, params) != 1) {
                return false;
            }
            tx.update(Sql.UPDATE_SCHEDULE_PAYLOAD, params);
            return true;
        });
    }

    @Override
    public boolean deleteSchedule(ScheduleId id, Instant now) {
        return jdbc.update(Sql.DELETE_SCHEDULE, Params.create().with("id", id.value()).with("now", now)) == 1;
    }

    @Override
    public List<Schedule> findDue(Instant until, int limit, Claim claim) {
        // Two reads, not a join: the due query walks the narrow index alone, then the payloads of what it found.
        return jdbc.inTransaction(tx -> {
            List<Rows.Narrow> due = tx.query(Sql.FIND_DUE, claimParams(claim).with("until", until).with("limit", limit), rows::narrow);
            if (due.isEmpty()) {
                return List.of();
            }
            Map<String, String> payloads = new HashMap<>();
            tx.query(Sql.FIND_SCHEDULE_PAYLOADS, Params.create().with("ids", due.stream().map(Rows.Narrow::id).toList()),
                    rs -> payloads.put(rs.getString(1), rs.getString(2)));
            List<Schedule> schedules = new ArrayList<>(due.size());
            for (Rows.Narrow row : due) {
                schedules.add(row.with(payloads.get(row.id())));
            }
            return schedules;
        });
    }

    private static Params claimParams(Claim claim) {
        return Params.create().with("all_buckets", claim.coversAll()).with("buckets", claim.buckets());
    }

    @Override
    public Set<ScheduleId> findBusySchedules(Collection<ScheduleId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query(Sql.FIND_BUSY_SCHEDULES,
                Params.create().with("ids", ids.stream().map(ScheduleId::value).toList()), rs -> new ScheduleId(rs.getString(1))));
    }

    @Override
    public List<Fired> recordFires(List<Fire> group, Claim claim) {
        return jdbc.inTransaction(tx -> fires.record(tx, group, claim));
    }

    @Override
    public void insertRun(Run run) {
        jdbc.inTransaction(tx -> {
            if (tx.update(Sql.INSERT_RUN, rows.runParams(run).with("fired_by", (String) null)) == 1 && !run.state().isFinished()) {
                tx.update(Sql.INSERT_PENDING_RUN, Rows.pendingParams(run));
            }
            return null;
        });
    }

    @Override
    public Optional<Run> findRun(RunId id) {
        return jdbc.queryOne(Sql.FIND_RUN, Params.create().with("id", id.value()), rows::run);
    }

    @Override
    public List<Run> findUnfinishedRuns(int limit, Claim claim) {
        return jdbc.query(Sql.FIND_UNFINISHED_RUNS, claimParams(claim).with("limit", limit), rows::run);
    }

    @Override
    public boolean startAttempt(RunId id, int attempt, Instant now) {
        return jdbc.update(Sql.START_ATTEMPT, Params.create().with("id", id.value()).with("attempt", attempt).with("now", now)) == 1;
    }

    @Override
    public void noteRetry(RunId id, String error, Instant now) {
        jdbc.update(Sql.NOTE_RETRY, Params.create().with("id", id.value()).with("error", error).with("now", now));
    }

    @Override
    public List<Ended> finishRuns(List<Finish> finishes, Instant now) {
        return jdbc.inTransaction(tx -> ends.record(tx, finishes, now));
    }

    @Override
    public boolean cancelRun(RunId id, String reason, Instant now) {
        return jdbc.inTransaction(tx -> {
            boolean cancelled = tx.update(Sql.CANCEL_RUN, Params.create().with("id", id.value()).with("reason", reason).with("now", now)) == 1;
            tx.update(Sql.DELETE_PENDING_RUN, Params.create().with("id", id.value()));
            return cancelled;
        });
    }

    @Override
    public List<Run> listRuns(ScheduleId scheduleId, int offset, int limit) {
        return jdbc.query(Sql.LIST_RUNS, Params.create().with("schedule_id", scheduleId.value()).with("offset", offset)
                .with("limit", limit), rows::run);
    }

    @Override
    public List<Run> queryRuns(RunFilter filter) {
        return jdbc.query(Sql.QUERY_RUNS, Rows.filterParams(filter).with("owners", ids(filter.owners())), rows::run);
    }

    @Override
    public Optional<CallbackRecord> requeueCallback(RunId run, Instant now) {
        Params params = Params.create().with("run_id", run.value()).with("now", now);
        return jdbc.inTransaction(tx -> tx.update(Sql.REQUEUE_CALLBACK, params) == 1
                ? tx.query(Sql.FIND_CALLBACK_OF_RUN, params, rows::callback).stream().findFirst()
                : Optional.empty());
    }

    @Override
    public RunSummary summarizeRuns(Set<Principal> owners, Instant since) {
        return statistics.since(owners, since);
    }

    @Override
    public Map<ScheduleId, List<RunState>> recentRunStates(List<ScheduleId> schedules, int perSchedule) {
        return statistics.recentStates(schedules, perSchedule);
    }

    @Override
    public int prune(Instant before, int limit, Claim claim) {
        return HistoryPruning.prune(jdbc, claimParams(claim).with("before", before).with("limit", limit));
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
        return jdbc.query(Sql.FIND_PENDING_CALLBACKS, claimParams(claim).with("limit", limit), rows::callback);
    }

    @Override
    public void recordCallbackAttempt(CallbackAttempt a) {
        jdbc.update(Sql.RECORD_CALLBACK_ATTEMPT, Params.create()
                .with("id", a.id()).with("state", a.state()).with("attempts", a.attempts()).with("last_status", a.statusCode())
                .with("last_error", a.error()).with("next_attempt_at", a.nextAttemptAt()).with("delivered_at", a.deliveredAt()));
    }

    @Override
    public void insertApiKey(ApiKeyRecord key) {
        keys.insert(key);
    }

    @Override
    public Optional<ApiKeyRecord> findApiKeyByHash(String keyHash) {
        return keys.findByHash(keyHash);
    }

    @Override
    public List<ApiKeyRecord> listApiKeys() {
        return keys.list();
    }

    @Override
    public long countApiKeys() {
        return keys.count();
    }

    @Override
    public boolean revokeApiKey(String id, Instant now) {
        return keys.revoke(id, now);
    }

    @Override
    public void touchApiKey(String id, Instant now) {
        keys.touch(id, now);
    }

    @Override
    public void insertAudit(AuditEntry entry) {
        keys.insertAudit(entry);
    }

    @Override
    public List<AuditEntry> listAudit(AuditEntry before, int limit) {
        return keys.listAudit(before, limit);
    }

    @Override
    public Optional<IdempotencyRecord> findIdempotency(Principal owner, String key) {
        return jdbc.queryOne(Sql.FIND_IDEMPOTENCY, Params.create().with("owner", owner.id()).with("key", key), rows::idempotency);
    }

    @Override
    public Optional<String> findSetting(String name) {
        return jdbc.queryOne(Sql.FIND_SETTING, Params.create().with("name", name), rs -> rs.getString(1));
    }

    @Override
    public String insertSettingIfAbsent(String name, String value) {
        return jdbc.inTransaction(tx -> {
            tx.update(Sql.INSERT_SETTING_IF_ABSENT, Params.create().with("name", name).with("value", value));
            return tx.query(Sql.FIND_SETTING, Params.create().with("name", name), rs -> rs.getString(1)).getFirst();
        });
    }

    /** For a test that freezes a node between its lease check and its commit. */
    void beforeLeaseConfirm(Runnable hook) {
        fires.beforeConfirm(hook);
    }

    @Override
    public void close() {
        changes.close();
        try {
            pool.close();
        } catch (Exception e) {
            throw new StoreException("closing the connection pool", e);
        }
    }
}
