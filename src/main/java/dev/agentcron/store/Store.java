package dev.agentcron.store;

import dev.agentcron.domain.AuditEntry;
import dev.agentcron.domain.ApiKeyRecord;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything agentcron keeps. The store writes what it is told: which state a run gets, when a schedule
 * pauses itself, what a missed occurrence becomes are decided in the domain ({@link FirePlan},
 * {@link RunOutcome}) and handed in. Methods take {@code now} as a parameter: the SQL never reads a clock
 * (the lease fence alone reads the database's), so tests control time completely.
 */
public interface Store extends AutoCloseable {

    // --- schedules -------------------------------------------------------------------------------------

    /** Inserts a schedule and, when given, the idempotency record of the request that made it, atomically. */
    void insertSchedule(Schedule schedule, IdempotencyRecord idempotency);

    /** Inserts many schedules in one transaction (bulk loads, imports, benchmarks). */
    void insertSchedules(List<Schedule> schedules);

    Optional<Schedule> findSchedule(ScheduleId id);

    /** How many schedules are active and how many paused, of every owner (a gauge; counts the table). */
    Map<ScheduleState, Long> countSchedulesByState();

    /** How many visible (active or paused) schedules {@code owner} has. */
    long countSchedules(Principal owner);

    /** Visible (active or paused) schedules of {@code owners} for one agent, in id order, strictly after {@code afterId}. */
    List<Schedule> listSchedules(Collection<Principal> owners, String agentId, String afterId, int limit);

    /** Visible schedules across faces matching {@code query}, soonest next fire first; paused ones last. */
    List<Schedule> querySchedules(ScheduleQuery query);

    /** Visible schedules of {@code owners} and one kind, by name (case-insensitive), then id. */
    List<Schedule> listSchedulesByName(Collection<Principal> owners, ScheduleKind kind);

    /**
     * Replaces a schedule's mutable fields (name, trigger, payload, callback, policies, state, next fire,
     * audit) if its version is still {@code schedule.version()}; the stored version becomes one more. False
     * when it changed meanwhile (a fire, or another edit): read it again and retry.
     */
    boolean updateSchedule(Schedule schedule);

    /** Marks a visible schedule deleted; its runs stay. False when it was not visible. */
    boolean deleteSchedule(ScheduleId id, Instant now);

    // --- engine ----------------------------------------------------------------------------------------

    /** Active schedules of {@code claim}'s buckets whose next fire is at or before {@code until}, earliest first. */
    List<Schedule> findDue(Instant until, int limit, Claim claim);

    /** Of {@code ids}, the schedules that have a run written but not finished (for the overlap policy {@code skip}). */
    Set<ScheduleId> findBusySchedules(Collection<ScheduleId> ids);

    /**
     * Records a group of fires in one transaction. For each, the schedule is written as {@code advanced} only
     * if its version is still the one loaded, and only then are its runs inserted; the unique (schedule,
     * occurrence) key makes a second insert for one occurrence a no-op. Each advance is fenced by
     * {@code claim}, and rows another node is firing at this moment are skipped.
     *
     * @return one entry per fire whose schedule advanced, in the order of {@code fires}
     */
    List<Fired> recordFires(List<Fire> fires, Claim claim);

    /**
     * One fire of a schedule: {@code loaded} as the engine read it, {@code advanced} as the fire leaves it
     * (next fire and state), and the runs to write ({@link FirePlan#runs}).
     */
    record Fire(Schedule loaded, Schedule advanced, List<Run> runs) {}

    /** A fire that took effect: the schedule as now stored, and the runs written (an occurrence that already had one is left out). */
    record Fired(Schedule schedule, List<Run> runs) {}

    // --- runs ------------------------------------------------------------------------------------------

    /** Inserts a run made outside the engine's fires: a "run now" or a run started through the API. */
    void insertRun(Run run);

    Optional<Run> findRun(RunId id);

    /** Runs of {@code claim}'s buckets written but not finished (a crash or a shutdown interrupted them), oldest first. */
    List<Run> findUnfinishedRuns(int limit, Claim claim);

    /** Moves a run to {@code running} for attempt number {@code attempt}. False when it has finished. */
    boolean startAttempt(RunId id, int attempt, Instant now);

    /** Notes why an attempt failed while the run waits for its next one. */
    void noteRetry(RunId id, String error, Instant now);

    /**
     * Finishes many runs in one transaction (group commit). For each run that was not finished yet: its end
     * is written, its schedule's record is changed as {@link RunOutcome#applyTo} says (the schedule's row is
     * read under a lock in the same transaction, and several ends of one schedule apply in order), and its
     * callback, when given, goes into the outbox.
     *
     * @return for each end, in order, what writing it did
     */
    List<Ended> finishRuns(List<Finish> finishes, Instant now);

    /**
     * What writing one end did: whether it finished the run (false: it had already finished, say cancelled), and
     * why its schedule paused itself when this end paused it (else null).
     */
    record Ended(boolean finished, String pausedReason) {}

    /** A run's end and, when it has a callback URL, its callback. */
    record Finish(RunEnd end, CallbackRecord callback) {}

    /**
     * How a run ended: after attempt number {@code attempt}; {@code outcome.startedAt()} is kept when the run
     * already has a start. {@code scheduleId} is null for a run without a schedule.
     */
    record RunEnd(RunId id, ScheduleId scheduleId, int attempt, String response, RunOutcome outcome) {
        public RunEnd {
            if (!outcome.state().isFinished()) {
                throw new IllegalArgumentException("a run ends in a final state, got " + outcome.state());
            }
        }
    }

    /** Cancels a run that has not finished. False when it had. */
    boolean cancelRun(RunId id, String reason, Instant now);

    /** Runs of one schedule, newest occurrence first. */
    List<Run> listRuns(ScheduleId scheduleId, int offset, int limit);

    /** Runs matching {@code filter}, newest first. */
    List<Run> queryRuns(RunFilter filter);

    /**
     * Puts a run's delivered or failed callback back in the outbox, due {@code now}, with a fresh attempt budget;
     * empty when the run has no callback or it is still waiting to be sent.
     */
    Optional<CallbackRecord> requeueCallback(RunId run, Instant now);

    /** How the runs of {@code owners} made since {@code since} ended, and how late the scheduled ones started. */
    RunSummary summarizeRuns(Set<Principal> owners, Instant since);

    /** The states of the last {@code perSchedule} runs of each of {@code schedules}, newest first. */
    Map<ScheduleId, List<RunState>> recentRunStates(List<ScheduleId> schedules, int perSchedule);

    /** Tells every node sharing this store something short, such as a changed schedule (PostgreSQL NOTIFY). */
    void announce(String message);

    /**
     * Calls {@code onMessage} with each announcement, until the returned handle is closed. A store no other
     * node can share calls it never.
     */
    AutoCloseable listen(Consumer<String> onMessage);

    /**
     * Deletes up to {@code limit} rows of finished history older than {@code before}, in {@code claim}'s
     * buckets: callbacks sent, then runs, then done or deleted schedules with no run left, then idempotency
     * records. Each kind is one short transaction, so pruning never holds locks or the xmin horizon for long.
     *
     * @return how many rows were deleted; {@code limit} or more means there may be more to prune
     */
    int prune(Instant before, int limit, Claim claim);

    // --- callbacks -------------------------------------------------------------------------------------

    /** Callbacks not yet delivered, of runs in {@code claim}'s buckets. */
    List<CallbackRecord> findPendingCallbacks(int limit, Claim claim);

    void recordCallbackAttempt(CallbackAttempt attempt);

    // --- keys, idempotency, settings -------------------------------------------------------------------

    void insertApiKey(ApiKeyRecord key);

    /** The key with this hash, revoked and expired ones included (the caller decides). */
    Optional<ApiKeyRecord> findApiKeyByHash(String keyHash);

    /** Every key, revoked ones included, oldest first. */
    List<ApiKeyRecord> listApiKeys();

    /** Keys not revoked. */
    long countApiKeys();

    /** Revokes a key: from this commit on it authenticates nowhere. False when unknown or already revoked. */
    boolean revokeApiKey(String id, Instant now);

    /** Notes that a key was used at {@code now}. */
    void touchApiKey(String id, Instant now);

    void insertAudit(AuditEntry entry);

    /** Audit entries newest first, strictly before {@code before} when given. */
    List<AuditEntry> listAudit(AuditEntry before, int limit);

    Optional<IdempotencyRecord> findIdempotency(Principal owner, String key);

    Optional<String> findSetting(String name);

    /** Stores {@code value} unless the setting exists; returns the value in force afterwards. */
    String insertSettingIfAbsent(String name, String value);

    @Override
    void close();
}
