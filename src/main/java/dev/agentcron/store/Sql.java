package dev.agentcron.store;

/**
 * Every SQL text the store runs on both databases, one constant per query, named as the store method that
 * runs it. What one database says differently is its {@link Dialect}'s. Parameters are {@code :named}; a
 * collection bound to {@code IN (:name)} is expanded; times are epoch milliseconds.
 */
final class Sql {

    private Sql() {}

    // --- schedules -------------------------------------------------------------------------------------

    static final String INSERT_SCHEDULE = """
            INSERT INTO schedules (id, owner, kind, agent_id, bucket, name, trigger_type, trigger_spec, trigger_zone,
                                   trigger_anchor, trigger_end, callback_url, policies, state,
                                   next_fire_at, version, last_ran_at, last_spawn_error, failures_in_a_row,
                                   paused_reason, created_by, updated_by, created_at, updated_at)
            VALUES (:id, :owner, :kind, :agent_id, :bucket, :name, :trigger_type, :trigger_spec, :trigger_zone,
                    :trigger_anchor, :trigger_end, :callback_url, :policies, :state,
                    :next_fire_at, :version, :last_ran_at, :last_spawn_error, :failures_in_a_row,
                    :paused_reason, :created_by, :updated_by, :created_at, :updated_at)
            """;

    static final String INSERT_SCHEDULE_PAYLOAD = "INSERT INTO schedule_payloads (schedule_id, payload) VALUES (:id, :payload)";

    static final String FIND_SCHEDULE_PAYLOADS = "SELECT schedule_id, payload FROM schedule_payloads WHERE schedule_id IN (:ids)";

    static final String UPDATE_SCHEDULE_PAYLOAD = "UPDATE schedule_payloads SET payload = :payload WHERE schedule_id = :id";

    static final String FIND_SCHEDULE =
            "SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id WHERE s.id = :id";

    static final String COUNT_SCHEDULES_BY_STATE =
            "SELECT state, COUNT(*) FROM schedules WHERE state IN ('active', 'paused') GROUP BY state";

    static final String COUNT_SCHEDULES = "SELECT COUNT(*) FROM schedules WHERE owner = :owner AND state IN ('active', 'paused')";

    static final String LIST_SCHEDULES = """
            SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id
            WHERE s.owner IN (:owners) AND s.agent_id = :agent_id AND s.state IN ('active', 'paused') AND s.id > :after
            ORDER BY s.id
            LIMIT :limit
            """;

    /** Across faces, soonest next fire first; a paused schedule (no next fire) sorts as the largest key. */
    static final String QUERY_SCHEDULES = """
            SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id
            WHERE s.owner IN (:owners) AND s.state IN ('active', 'paused')
              AND (:kind IS NULL OR s.kind = :kind)
              AND (:state IS NULL OR s.state = :state)
              AND (:agent_id IS NULL OR s.agent_id = :agent_id)
              AND (:text IS NULL OR lower(s.name) LIKE :text ESCAPE '!' OR lower(s.agent_id) LIKE :text ESCAPE '!'
                   OR lower(p.payload) LIKE :text ESCAPE '!')
              AND (:last_run_state IS NULL OR :last_run_state =
                   (SELECT r.state FROM runs r WHERE r.schedule_id = s.id ORDER BY r.due_at DESC LIMIT 1))
              AND (:after_key IS NULL OR COALESCE(s.next_fire_at, 9223372036854775807) > :after_key
                   OR (COALESCE(s.next_fire_at, 9223372036854775807) = :after_key AND s.id > :after_id))
            ORDER BY COALESCE(s.next_fire_at, 9223372036854775807), s.id
            LIMIT :limit
            """;

    static final String LIST_SCHEDULES_BY_NAME = """
            SELECT s.*, p.payload FROM schedules s JOIN schedule_payloads p ON p.schedule_id = s.id
            WHERE s.owner IN (:owners) AND s.kind = :kind AND s.state IN ('active', 'paused')
            ORDER BY lower(s.name), s.id
            """;

    static final String UPDATE_SCHEDULE = """
            UPDATE schedules SET name = :name, trigger_type = :trigger_type, trigger_spec = :trigger_spec,
                                 trigger_zone = :trigger_zone, trigger_anchor = :trigger_anchor,
                                 trigger_end = :trigger_end, callback_url = :callback_url,
                                 policies = :policies, state = :state, next_fire_at = :next_fire_at,
                                 failures_in_a_row = :failures_in_a_row, paused_reason = :paused_reason,
                                 version = version + 1, updated_by = :updated_by, updated_at = :updated_at
            WHERE id = :id AND version = :version AND state IN ('active', 'paused')
            """;

    static final String DELETE_SCHEDULE = """
            UPDATE schedules SET state = 'deleted', next_fire_at = NULL, version = version + 1, updated_at = :now
            WHERE id = :id AND state IN ('active', 'paused')
            """;

    // --- engine ----------------------------------------------------------------------------------------

    static final String FIND_DUE = """
            SELECT * FROM schedules
            WHERE state = 'active' AND next_fire_at <= :until AND (:all_buckets = 1 OR bucket IN (:buckets))
            ORDER BY next_fire_at
            LIMIT :limit
            """;

    static final String FIND_BUSY_SCHEDULES = "SELECT DISTINCT schedule_id FROM pending_runs WHERE schedule_id IN (:ids)";

    static final String RECORD_LAST_RUN = """
            UPDATE schedules SET last_ran_at = :last_ran_at, last_spawn_error = :last_spawn_error,
                                 failures_in_a_row = :failures_in_a_row
            WHERE id = :id
            """;

    static final String AUTO_PAUSE = """
            UPDATE schedules SET state = 'paused', paused_reason = :paused_reason, next_fire_at = NULL,
                                 version = version + 1
            WHERE id = :id AND state = 'active'
            """;

    // --- runs ------------------------------------------------------------------------------------------

    private static final String RUN_COLUMNS = """
            r.id, r.schedule_id, r.owner, r.kind, r.agent_id, r.source, r.lane, r.due_at, r.state, r.attempt,
            r.input, r.callback_url, r.policy, r.created_at, r.updated_at, r.started_at, r.finished_at, r.lateness_ms,
            r.response, r.error,
            c.state AS callback_state, c.attempts AS callback_attempts, c.last_status AS callback_last_status,
            c.last_error AS callback_last_error, c.delivered_at AS callback_delivered_at
            """;

    static final String INSERT_RUN = """
            INSERT INTO runs (id, schedule_id, owner, kind, agent_id, bucket, source, lane, due_at, state, attempt, input,
                              callback_url, policy, created_at, updated_at, finished_at, lateness_ms, error, fired_by)
            VALUES (:id, :schedule_id, :owner, :kind, :agent_id, :bucket, :source, :lane, :due_at, :state, 0, :input,
                    :callback_url, :policy, :created_at, :created_at, :finished_at, :lateness_ms, :error, :fired_by)
            ON CONFLICT DO NOTHING
            """;

    static final String INSERT_PENDING_RUN = """
            INSERT INTO pending_runs (run_id, schedule_id, bucket, due_at) VALUES (:id, :schedule_id, :bucket, :due_at)
            ON CONFLICT DO NOTHING
            """;

    static final String DELETE_PENDING_RUN = "DELETE FROM pending_runs WHERE run_id = :id";

    // A fire group and a group of run ends on PostgreSQL, each table written by one statement over arrays of the
    // group's values (GroupWrite): the same rows as INSERT_RUN, INSERT_PENDING_RUN, FINISH_RUN and
    // DELETE_PENDING_RUN write one at a time.

    static final String INSERT_RUNS_FROM_ARRAYS = """
            INSERT INTO runs (id, schedule_id, owner, kind, agent_id, bucket, source, lane, due_at, state, attempt, input,
                              callback_url, policy, created_at, updated_at, finished_at, lateness_ms, error, fired_by)
            SELECT id, schedule_id, owner, kind, agent_id, bucket, source, lane, due_at, state, 0, input,
                   callback_url, policy, created_at, created_at, finished_at, lateness_ms, error, fired_by
            FROM unnest(:id, :schedule_id, :owner, :kind, :agent_id, :bucket, :source, :lane, :due_at, :state, :input,
                        :callback_url, :policy, :created_at, :finished_at, :lateness_ms, :error, :fired_by)
                 AS r(id, schedule_id, owner, kind, agent_id, bucket, source, lane, due_at, state, input,
                      callback_url, policy, created_at, finished_at, lateness_ms, error, fired_by)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    static final String INSERT_PENDING_RUNS_FROM_ARRAYS = """
            INSERT INTO pending_runs (run_id, schedule_id, bucket, due_at)
            SELECT * FROM unnest(:id, :schedule_id, :bucket, :due_at)
            ON CONFLICT DO NOTHING
            RETURNING run_id
            """;

    static final String FINISH_RUNS_FROM_ARRAYS = """
            UPDATE runs SET state = f.state, attempt = f.attempt, started_at = COALESCE(runs.started_at, f.started_at),
                            response = f.response, error = f.error, finished_at = f.now, updated_at = f.now
            FROM unnest(:id, :state, :attempt, :started_at, :response, :error, :now)
                 AS f(id, state, attempt, started_at, response, error, now)
            WHERE runs.id = f.id AND runs.state IN ('pending', 'running')
            RETURNING runs.id
            """;

    static final String DELETE_PENDING_RUNS_FROM_ARRAYS = "DELETE FROM pending_runs WHERE run_id = ANY(:id) RETURNING run_id";

    static final String FIND_RUN = "SELECT " + RUN_COLUMNS + " FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id WHERE r.id = :id";

    static final String FIND_UNFINISHED_RUNS = "SELECT " + RUN_COLUMNS + """
            FROM pending_runs p JOIN runs r ON r.id = p.run_id LEFT JOIN callbacks c ON c.run_id = r.id
            WHERE (:all_buckets = 1 OR p.bucket IN (:buckets))
            ORDER BY p.due_at
            LIMIT :limit
            """;

    static final String START_ATTEMPT = """
            UPDATE runs SET state = 'running', attempt = :attempt, started_at = COALESCE(started_at, :now), updated_at = :now
            WHERE id = :id AND state IN ('pending', 'running')
            """;

    static final String NOTE_RETRY =
            "UPDATE runs SET error = :error, updated_at = :now WHERE id = :id AND state IN ('pending', 'running')";

    static final String FINISH_RUN = """
            UPDATE runs SET state = :state, attempt = :attempt, started_at = COALESCE(started_at, :started_at),
                            response = :response, error = :error, finished_at = :now, updated_at = :now
            WHERE id = :id AND state IN ('pending', 'running')
            """;

    static final String CANCEL_RUN = """
            UPDATE runs SET state = 'cancelled', error = :reason, finished_at = :now, updated_at = :now
            WHERE id = :id AND state IN ('pending', 'running')
            """;

    static final String LIST_RUNS = "SELECT " + RUN_COLUMNS + """
            FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
            WHERE r.schedule_id = :schedule_id
            ORDER BY r.due_at DESC, r.id DESC
            LIMIT :limit OFFSET :offset
            """;

    static final String QUERY_RUNS = "SELECT " + RUN_COLUMNS + """
            FROM runs r LEFT JOIN callbacks c ON c.run_id = r.id
            WHERE r.owner IN (:owners)
              AND (:schedule_id IS NULL OR r.schedule_id = :schedule_id)
              AND (:any_state = 1 OR r.state IN (:states))
              AND (:any_source = 1 OR r.source IN (:sources))
              AND (:created_after IS NULL OR r.created_at > :created_after)
              AND (:created_before IS NULL OR r.created_at < :created_before)
              AND (:min_lateness_ms IS NULL OR r.lateness_ms >= :min_lateness_ms)
              AND (:cursor_at IS NULL OR r.created_at < :cursor_at OR (r.created_at = :cursor_at AND r.id < :cursor_id))
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT :limit
            """;

    /** One schedule's newest occurrences first, through the (schedule_id, due_at) index: cheap however long its history. */
    static final String RECENT_RUN_STATES =
            "SELECT state FROM runs WHERE schedule_id = :schedule_id ORDER BY due_at DESC, id DESC LIMIT :limit";

    static final String COUNT_RUNS_BY_STATE =
            "SELECT state, COUNT(*) FROM runs WHERE owner IN (:owners) AND created_at >= :since GROUP BY state";

    /** Scheduled runs that have started in the window: the ones a lateness is measured for. */
    private static final String TIMED_RUNS = """
            FROM runs WHERE owner IN (:owners) AND created_at >= :since AND source = 'schedule' AND lateness_ms IS NOT NULL
            """;

    static final String COUNT_TIMED_RUNS = "SELECT COUNT(*) " + TIMED_RUNS;

    static final String LATENESS_AT_RANK = "SELECT lateness_ms " + TIMED_RUNS + "ORDER BY lateness_ms LIMIT 1 OFFSET :rank";

    // --- pruning ---------------------------------------------------------------------------------------

    static final String PRUNE_CALLBACKS = """
            DELETE FROM callbacks WHERE id IN (
                SELECT c.id FROM callbacks c JOIN runs r ON r.id = c.run_id
                WHERE c.state <> 'pending' AND r.finished_at < :before AND (:all_buckets = 1 OR r.bucket IN (:buckets))
                LIMIT :limit)
            """;

    static final String PRUNE_RUNS = """
            DELETE FROM runs WHERE id IN (
                SELECT r.id FROM runs r
                WHERE r.state NOT IN ('pending', 'running') AND r.finished_at < :before
                  AND (:all_buckets = 1 OR r.bucket IN (:buckets))
                  AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.run_id = r.id)
                LIMIT :limit)
            """;

    static final String FIND_PRUNABLE_SCHEDULES = """
            SELECT s.id FROM schedules s
            WHERE s.state IN ('done', 'deleted') AND s.updated_at < :before
              AND (:all_buckets = 1 OR s.bucket IN (:buckets))
              AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.schedule_id = s.id)
            LIMIT :limit
            """;

    static final String DELETE_SCHEDULE_PAYLOADS = "DELETE FROM schedule_payloads WHERE schedule_id IN (:ids)";

    static final String DELETE_SCHEDULES = "DELETE FROM schedules WHERE id IN (:ids)";

    static final String PRUNE_IDEMPOTENCY_KEYS = """
            DELETE FROM idempotency_keys WHERE (owner, key) IN (
                SELECT owner, key FROM idempotency_keys WHERE created_at < :before LIMIT :limit)
            """;

    // --- callbacks -------------------------------------------------------------------------------------

    static final String INSERT_CALLBACK = """
            INSERT INTO callbacks (id, run_id, url, body, state, attempts, next_attempt_at, created_at)
            VALUES (:id, :run_id, :url, :body, 'pending', 0, :next_attempt_at, :created_at)
            ON CONFLICT (run_id) DO NOTHING
            """;

    static final String FIND_PENDING_CALLBACKS = """
            SELECT c.id, c.run_id, c.url, c.body, c.attempts, c.next_attempt_at
            FROM callbacks c JOIN runs r ON r.id = c.run_id
            WHERE c.state = 'pending' AND (:all_buckets = 1 OR r.bucket IN (:buckets))
            ORDER BY c.next_attempt_at
            LIMIT :limit
            """;

    /** A delivered or failed callback back in the outbox, due now, with a fresh attempt budget. */
    static final String REQUEUE_CALLBACK = """
            UPDATE callbacks SET state = 'pending', attempts = 0, next_attempt_at = :now, last_status = NULL,
                                 last_error = NULL, delivered_at = NULL
            WHERE run_id = :run_id AND state <> 'pending'
            """;

    static final String FIND_CALLBACK_OF_RUN =
            "SELECT id, run_id, url, body, attempts, next_attempt_at FROM callbacks WHERE run_id = :run_id";

    static final String RECORD_CALLBACK_ATTEMPT = """
            UPDATE callbacks SET state = :state, attempts = :attempts, last_status = :last_status,
                                 last_error = :last_error, next_attempt_at = :next_attempt_at,
                                 delivered_at = :delivered_at
            WHERE id = :id
            """;

    // --- keys, idempotency, settings -------------------------------------------------------------------

    static final String INSERT_API_KEY = """
            INSERT INTO api_keys (id, principal, name, key_hash, role, teams, agents, created_at, expires_at)
            VALUES (:id, :principal, :name, :key_hash, :role, :teams, :agents, :created_at, :expires_at)
            ON CONFLICT (key_hash) DO NOTHING
            """;

    private static final String API_KEY_COLUMNS =
            "id, principal, name, key_hash, role, teams, agents, created_at, expires_at, last_used_at, revoked_at";

    static final String FIND_API_KEY_BY_HASH = "SELECT " + API_KEY_COLUMNS + " FROM api_keys WHERE key_hash = :key_hash";

    static final String LIST_API_KEYS = "SELECT " + API_KEY_COLUMNS + " FROM api_keys ORDER BY created_at, id";

    static final String COUNT_API_KEYS = "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL";

    static final String REVOKE_API_KEY = "UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL";

    static final String TOUCH_API_KEY = "UPDATE api_keys SET last_used_at = :now WHERE id = :id";

    static final String INSERT_AUDIT = """
            INSERT INTO audit_log (id, at, actor, key_id, action, target, detail)
            VALUES (:id, :at, :actor, :key_id, :action, :target, :detail)
            """;

    static final String LIST_AUDIT = """
            SELECT id, at, actor, key_id, action, target, detail FROM audit_log
            WHERE (:before_at IS NULL OR at < :before_at OR (at = :before_at AND id < :before_id))
            ORDER BY at DESC, id DESC
            LIMIT :limit
            """;

    static final String INSERT_IDEMPOTENCY = """
            INSERT INTO idempotency_keys (owner, key, request_hash, schedule_id, created_at)
            VALUES (:owner, :key, :request_hash, :schedule_id, :created_at)
            """;

    static final String FIND_IDEMPOTENCY = """
            SELECT owner, key, request_hash, schedule_id, created_at FROM idempotency_keys
            WHERE owner = :owner AND key = :key
            """;

    static final String FIND_SETTING = "SELECT value FROM settings WHERE name = :name";

    static final String INSERT_SETTING_IF_ABSENT = "INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING";
}
