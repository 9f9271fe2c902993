package dev.agentcron.store;

/** The SQLite dialect. */
public final class SqliteQueries implements Queries {

    private static final String RUN_COLUMNS = """
            r.id, r.schedule_id, r.owner, r.agent_id, r.due_at, r.state, r.attempt, r.created_at, r.started_at,
            r.finished_at, r.lateness_ms, r.response, r.error,
            c.state AS callback_state, c.attempts AS callback_attempts, c.last_status AS callback_last_status,
            c.last_error AS callback_last_error, c.delivered_at AS callback_delivered_at
            """;

    @Override
    public String migrationsFolder() {
        return "sqlite";
    }

    @Override
    public String insertSchedule() {
        return """
                INSERT INTO schedules (id, owner, kind, agent_id, trigger_type, trigger_spec, trigger_zone,
                                       trigger_anchor, payload, callback_url, catch_up, state, next_fire_at,
                                       version, created_at, updated_at)
                VALUES (:id, :owner, :kind, :agent_id, :trigger_type, :trigger_spec, :trigger_zone,
                        :trigger_anchor, :payload, :callback_url, :catch_up, :state, :next_fire_at,
                        :version, :created_at, :updated_at)
                """;
    }

    @Override
    public String findSchedule() {
        return "SELECT * FROM schedules WHERE id = :id";
    }

    @Override
    public String listSchedules() {
        return """
                SELECT * FROM schedules
                WHERE owner = :owner AND agent_id = :agent_id AND state IN ('active', 'paused') AND id > :after
                ORDER BY id
                LIMIT :limit
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
                WHERE state = 'active' AND next_fire_at <= :until
                ORDER BY next_fire_at
                LIMIT :limit
                """;
    }

    @Override
    public String advanceSchedule() {
        return """
                UPDATE schedules SET next_fire_at = :next_fire_at, state = :state, version = version + 1
                WHERE id = :id AND version = :version AND state = 'active'
                """;
    }

    @Override
    public String insertRun() {
        return """
                INSERT INTO runs (id, schedule_id, owner, agent_id, due_at, state, attempt, created_at, lateness_ms, error)
                VALUES (:id, :schedule_id, :owner, :agent_id, :due_at, :state, 0, :created_at, :lateness_ms, :error)
                ON CONFLICT (schedule_id, due_at) DO NOTHING
                """;
    }

    @Override
    public String findRun() {
        return "SELECT " + RUN_COLUMNS + " FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id WHERE r.id = :id";
    }

    @Override
    public String findUnfinishedRuns() {
        return "SELECT " + RUN_COLUMNS + """
                FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
                WHERE r.state IN ('pending', 'running')
                ORDER BY r.due_at
                LIMIT :limit
                """;
    }

    @Override
    public String startAttempt() {
        return """
                UPDATE runs SET state = 'running', attempt = :attempt, started_at = COALESCE(started_at, :now)
                WHERE id = :id AND state IN ('pending', 'running')
                """;
    }

    @Override
    public String noteRetry() {
        return "UPDATE runs SET error = :error WHERE id = :id AND state IN ('pending', 'running')";
    }

    @Override
    public String finishRun() {
        return """
                UPDATE runs SET state = :state, attempt = :attempt, started_at = COALESCE(started_at, :started_at),
                                response = :response, error = :error, finished_at = :now
                WHERE id = :id AND state IN ('pending', 'running')
                """;
    }

    @Override
    public String listRuns() {
        return "SELECT " + RUN_COLUMNS + """
                FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
                WHERE r.schedule_id = :schedule_id
                ORDER BY r.due_at DESC
                LIMIT :limit OFFSET :offset
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
                SELECT id, run_id, url, body, attempts, next_attempt_at FROM callbacks
                WHERE state = 'pending'
                ORDER BY next_attempt_at
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
