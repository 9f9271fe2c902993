package dev.agentcron.store;

import dev.agentcron.domain.AuditEntry;
import dev.agentcron.domain.ApiKeyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The store's API keys and audit log: who may call, and what they changed. */
final class KeyRecords {

    private final Jdbc jdbc;
    private final Rows rows;

    KeyRecords(Jdbc jdbc, Rows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    void insert(ApiKeyRecord key) {
        jdbc.update(Sql.INSERT_API_KEY, Params.create().with("id", key.id()).with("principal", key.principal())
                .with("name", key.name()).with("key_hash", key.keyHash()).with("role", key.role()).with("teams", key.teams())
                .with("agents", key.agents()).with("created_at", key.createdAt()).with("expires_at", key.expiresAt()));
    }

    Optional<ApiKeyRecord> findByHash(String keyHash) {
        return jdbc.queryOne(Sql.FIND_API_KEY_BY_HASH, Params.create().with("key_hash", keyHash), rows::apiKey);
    }

    List<ApiKeyRecord> list() {
        return jdbc.query(Sql.LIST_API_KEYS, Params.create(), rows::apiKey);
    }

    long count() {
        return jdbc.queryOne(Sql.COUNT_API_KEYS, Params.create(), rs -> rs.getLong(1)).orElse(0L);
    }

    boolean revoke(String id, Instant now) {
        return jdbc.update(Sql.REVOKE_API_KEY, Params.create().with("id", id).with("now", now)) == 1;
    }

    void touch(String id, Instant now) {
        jdbc.update(Sql.TOUCH_API_KEY, Params.create().with("id", id).with("now", now));
    }

    void insertAudit(AuditEntry e) {
        jdbc.update(Sql.INSERT_AUDIT, Params.create().with("id", e.id()).with("at", e.at()).with("actor", e.actor())
                .with("key_id", e.keyId()).with("action", e.action()).with("target", e.target()).with("detail", e.detail()));
    }

    List<AuditEntry> listAudit(AuditEntry before, int limit) {
        return jdbc.query(Sql.LIST_AUDIT, Params.create()
                .with("before_at", before == null ? null : before.at())
                .with("before_id", before == null ? null : before.id())
                .with("limit", limit), rows::audit);
    }
}
