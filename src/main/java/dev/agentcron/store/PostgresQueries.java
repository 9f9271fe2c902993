package dev.agentcron.store;

/** The PostgreSQL dialect. Untyped null parameters are cast, since PostgreSQL must know their type. */
public final class PostgresQueries implements Queries {

    private static final String RUN_COLUMNS = """
            r.id, r.schedule_id, r.owner, r.kind, r.agent_id, r.source, r.lane, r.due_at, r.state, r.attempt,
            r.input, r.callback_url, r.policy, r.created_at, r.updated_at, r.started_at, r.finished_at, r.lateness_ms,
            r.response, r.error,
            c.state AS callback_state, c.attempts AS callback_attempts, c.last_status AS callback_last_status,
            c.last_error AS callback_last_error, c.delivered_at AS callback_delivered_at
            """;

    @Override
    public String migrationsFolder() {
        return "postgres";
    }

    @Override
    public String insertSchedule() {
        return """
                INSERT INTO schedules (id, owner, kind, agent_id, bucket, name, trigger_type, trigger_spec, trigger_zone,
                                       trigger_anchor, trigger_end, callback_url, policies, state,
                                       next_fire_at, version, last_ran_at, last_spawn_error, failures_in_a_row,
                                       paused_reason, created_by, updated_by, created_at, updated_at)
                VALUES (:id, :owner, :kind, :agent_id, :bucket, :name, :trigger_type, :trigger_spec, :trigger_zone,
                        :trigger_anchor, :trigger_end, :callback_url, :policies, :state,
                        :next_fire_at, :version, :last_ran_at, :last_spawn_error, :failures_in_a_row,
                        :paused_reason, :created_by, :updated_by, :created_at, :updated_at)
                """;
    }

    @Override
    public String insertSchedulePayload() {
        return "INSERT INTO schedule_payloads (schedule_id, payload) VALUES (:id, :payload)";
    }

    @Override
    public String findSchedulePayloads() {
        return "SELECT schedule_id, payload FROM schedule_payloads WHERE schedule_id IN (:ids)";
    }

    @Override
    public String updateSchedulePayload() {
        return "UPDATE schedule_payloads SET payload = :payload WHERE schedule_id = :id";
    }

    @Override
    public String findSchedule() {
        return "SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id WHERE s.id = :id";
    }

    @Override
    public String listSchedules() {
        return """
                SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id
                WHERE s.owner = :owner AND s.agent_id = :agent_id AND s.state IN ('active', 'paused') AND s.id > :after
                ORDER BY s.id
                LIMIT :limit
                """;
    }

    @Override
    public String listSchedulesByName() {
        return """
                SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id
                WHERE s.owner = :owner AND s.kind = :kind AND s.state IN ('active', 'paused')
                ORDER BY lower(s.name), s.id
                """;
    }

    @Override
    public String updateSchedule() {
        return """
                UPDATE schedules SET name = :name, trigger_type = :trigger_type, trigger_spec = :trigger_spec,
                                     trigger_zone = :trigger_zone, trigger_anchor = :trigger_anchor,
                                     trigger_end = :trigger_end, callback_url = :callback_url,
                                     policies = :policies, state = :state, next_fire_at = :next_fire_at,
                                     failures_in_a_row = :failures_in_a_row, paused_reason = :paused_reason,
                                     version = version + 1, updated_by = :updated_by, updated_at = :updated_at
                WHERE id = :id AND version = :version AND state IN ('active', 'paused')
                """;
    }

    @Override
    public String deleteSchedule() {
        return """
                UPDATE schedules SET state = 'deleted', next_fire_at = NULL, version = version + 1, updated_at = :now
                WHERE id = :id AND state IN ('active', 'paused')
                """;
    }

    @Override
    public String findDue() {
        return """
                SELECT * FROM schedules
                WHERE state = 'active' AND next_fire_at <= :until AND (:all_buckets = 1 OR bucket IN (:buckets))
                ORDER BY next_fire_at
                LIMIT :limit
                """;
    }

    @Override
    public String lockForFire() {
        return "SELECT id FROM schedules WHERE id IN (:ids) FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String advanceSchedule() {
        return """
                UPDATE schedules SET next_fire_at = :next_fire_at, state = :state, version = version + 1
                WHERE id = :id AND version = :version AND state = 'active'
                  AND (CAST(:fence_node AS TEXT) IS NULL OR EXISTS (
                        SELECT 1 FROM bucket_leases l
                        WHERE l.bucket = schedules.bucket AND l.owner = :fence_node AND l.epoch = :fence_epoch
                          AND l.expires_at > now()))
                """;
    }

    @Override
    public String countUnfinishedRuns() {
        return "SELECT COUNT(*) FROM runs WHERE schedule_id = :schedule_id AND state IN ('pending', 'running')";
    }

    @Override
    public String insertRun() {
        return """
                INSERT INTO runs (id, schedule_id, owner, kind, agent_id, bucket, source, lane, due_at, state, attempt, input,
                                  callback_url, policy, created_at, updated_at, finished_at, lateness_ms, error, fired_by)
                VALUES (:id, :schedule_id, :owner, :kind, :agent_id, :bucket, :source, :lane, :due_at, :state, 0, :input,
                        :callback_url, :policy, :created_at, :created_at, :finished_at, :lateness_ms, :error, :fired_by)
                ON CONFLICT DO NOTHING
                """;
    }

    @Override
    public String insertPendingRun() {
        return "INSERT INTO pending_runs (run_id, bucket, due_at) VALUES (:id, :bucket, :due_at) ON CONFLICT DO NOTHING";
    }

    @Override
    public String deletePendingRun() {
        return "DELETE FROM pending_runs WHERE run_id = :id";
    }

    @Override
    public String findRun() {
        return "SELECT " + RUN_COLUMNS + " FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id WHERE r.id = :id";
    }

    @Override
    public String findUnfinishedRuns() {
        return "SELECT " + RUN_COLUMNS + """
                FROM pending_runs p JOIN runs r ON r.id = p.run_id LEFT JOIN callbacks c ON c.run_id = r.id
                WHERE (:all_buckets = 1 OR p.bucket IN (:buckets))
                ORDER BY p.due_at
                LIMIT :limit
                """;
    }

    @Override
    public String startAttempt() {
        return """
                UPDATE runs SET state = 'running', attempt = :attempt, started_at = COALESCE(started_at, CAST(:now AS BIGINT)),
                                updated_at = :now
                WHERE id = :id AND state IN ('pending', 'running')
                """;
    }

    @Override
    public String noteRetry() {
        return "UPDATE runs SET error = :error, updated_at = :now WHERE id = :id AND state IN ('pending', 'running')";
    }

    @Override
    public String finishRun() {
        return """
                UPDATE runs SET state = :state, attempt = :attempt, started_at = COALESCE(started_at, CAST(:started_at AS BIGINT)),
                                response = :response, error = :error, finished_at = :now, updated_at = :now
                WHERE id = :id AND state IN ('pending', 'running')
                """;
    }

    @Override
    public String recordRunOutcome() {
        return """
                UPDATE schedules SET
                    last_ran_at = COALESCE(CAST(:ran_at AS BIGINT), last_ran_at),
                    last_spawn_error = CAST(:spawn_error AS TEXT),
                    failures_in_a_row = CASE WHEN :failed = 1 THEN failures_in_a_row + 1 ELSE 0 END,
                    state = CASE WHEN (:failed = 1 AND :pause_after > 0 AND failures_in_a_row + 1 >= :pause_after AND state = 'active') THEN 'paused' ELSE state END,
                    paused_reason = CASE WHEN (:failed = 1 AND :pause_after > 0 AND failures_in_a_row + 1 >= :pause_after AND state = 'active') THEN CAST(:pause_reason AS TEXT) ELSE paused_reason END,
                    next_fire_at = CASE WHEN (:failed = 1 AND :pause_after > 0 AND failures_in_a_row + 1 >= :pause_after AND state = 'active') THEN NULL ELSE next_fire_at END,
                    version = CASE WHEN (:failed = 1 AND :pause_after > 0 AND failures_in_a_row + 1 >= :pause_after AND state = 'active') THEN version + 1 ELSE version END
                WHERE id = (SELECT schedule_id FROM runs WHERE id = :run_id)
                """;
    }

    @Override
    public String cancelRun() {
        return """
                UPDATE runs SET state = 'cancelled', error = :reason, finished_at = :now, updated_at = :now
                WHERE id = :id AND state IN ('pending', 'running')
                """;
    }

    @Override
    public String listRuns() {
        return "SELECT " + RUN_COLUMNS + """
                FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
                WHERE r.schedule_id = :schedule_id
                ORDER BY r.due_at DESC, r.id DESC
                LIMIT :limit OFFSET :offset
                """;
    }

    @Override
    public String queryRuns() {
        return "SELECT " + RUN_COLUMNS + """
                FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
                WHERE r.owner = :owner
                  AND (CAST(:schedule_id AS TEXT) IS NULL OR r.schedule_id = :schedule_id)
                  AND (:any_state = 1 OR r.state IN (:states))
                  AND (:any_source = 1 OR r.source IN (:sources))
                  AND (CAST(:created_after AS BIGINT) IS NULL OR r.created_at > :created_after)
                  AND (CAST(:created_before AS BIGINT) IS NULL OR r.created_at < :created_before)
                  AND (CAST(:cursor_at AS BIGINT) IS NULL OR r.created_at < :cursor_at
                       OR (r.created_at = :cursor_at AND r.id < :cursor_id))
                ORDER BY r.created_at DESC, r.id DESC
                LIMIT :limit
                """;
    }

    @Override
    public String pruneCallbacks() {
        return """
                DELETE FROM callbacks WHERE id IN (
                    SELECT c.id FROM callbacks c JOIN runs r ON r.id = c.run_id
                    WHERE c.state <> 'pending' AND r.finished_at < :before AND (:all_buckets = 1 OR r.bucket IN (:buckets))
                    LIMIT :limit)
                """;
    }

    @Override
    public String pruneRuns() {
        return """
                DELETE FROM runs WHERE id IN (
                    SELECT r.id FROM runs r
                    WHERE r.state NOT IN ('pending', 'running') AND r.finished_at < :before
                      AND (:all_buckets = 1 OR r.bucket IN (:buckets))
                      AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.run_id = r.id)
                    LIMIT :limit)
                """;
    }

    @Override
    public String findPrunableSchedules() {
        return """
                SELECT s.id FROM schedules s
                WHERE s.state IN ('done', 'deleted') AND s.updated_at < :before
                  AND (:all_buckets = 1 OR s.bucket IN (:buckets))
                  AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.schedule_id = s.id)
                LIMIT :limit
                """;
    }

    @Override
    public String deleteSchedulePayloads() {
        return "DELETE FROM schedule_payloads WHERE schedule_id IN (:ids)";
    }

    @Override
    public String deleteSchedules() {
        return "DELETE FROM schedules WHERE id IN (:ids)";
    }

    @Override
    public String pruneIdempotencyKeys() {
        return """
                DELETE FROM idempotency_keys WHERE (owner, key) IN (
                    SELECT owner, key FROM idempotency_keys WHERE created_at < :before LIMIT :limit)
                """;
    }

    @Override
    public String insertCallback() {
        return """
                INSERT INTO callbacks (id, run_id, url, body, state, attempts, next_attempt_at, created_at)
                VALUES (:id, :run_id, :url, :body, 'pending', 0, :next_attempt_at, :created_at)
                ON CONFLICT (run_id) DO NOTHING
                """;
    }

    @Override
    public String findPendingCallbacks() {
        return """
                SELECT c.id, c.run_id, c.url, c.body, c.attempts, c.next_attempt_at
                FROM callbacks c JOIN runs r ON r.id = c.run_id
                WHERE c.state = 'pending' AND (:all_buckets = 1 OR r.bucket IN (:buckets))
                ORDER BY c.next_attempt_at
                LIMIT :limit
                """;
    }

    @Override
    public String recordCallbackAttempt() {
        return """
                UPDATE callbacks SET state = :state, attempts = :attempts, last_status = :last_status,
                                     last_error = :last_error, next_attempt_at = :next_attempt_at,
                                     delivered_at = :delivered_at
                WHERE id = :id
                """;
    }

    @Override
    public String insertApiKey() {
        return """
                INSERT INTO api_keys (id, principal, name, key_hash, created_at)
                VALUES (:id, :principal, :name, :key_hash, :created_at)
                ON CONFLICT (key_hash) DO NOTHING
                """;
    }

    @Override
    public String findApiKeyByHash() {
        return "SELECT id, principal, name, key_hash, created_at FROM api_keys WHERE key_hash = :key_hash";
    }

    @Override
    public String countApiKeys() {
        return "SELECT COUNT(*) FROM api_keys";
    }

    @Override
    public String insertIdempotency() {
        return """
                INSERT INTO idempotency_keys (owner, key, request_hash, status, response, created_at)
                VALUES (:owner, :key, :request_hash, :status, :response, :created_at)
                """;
    }

    @Override
    public String findIdempotency() {
        return """
                SELECT owner, key, request_hash, status, response, created_at FROM idempotency_keys
                WHERE owner = :owner AND key = :key
                """;
    }

    @Override
    public String findSetting() {
        return "SELECT value FROM settings WHERE name = :name";
    }

    @Override
    public String insertSettingIfAbsent() {
        return "INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING";
    }
}
