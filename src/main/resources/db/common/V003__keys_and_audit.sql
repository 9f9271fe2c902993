-- Keys get a role, the teams of their user, the agents they may message, an expiry, a last use and a
-- revocation. Keys made before this keep full access (admin), as they had.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD COLUMN teams TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN agents TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT;

-- Who changed what, when, with which key: schedules and keys. Read by admins, newest first.
CREATE TABLE audit_log (
    id       TEXT   PRIMARY KEY,
    at       BIGINT NOT NULL,
    actor    TEXT   NOT NULL,                   -- the principal the key acts as
    key_id   TEXT   NOT NULL,
    action   TEXT   NOT NULL,                   -- schedule.create | schedule.update | ... | key.create | key.revoke
    target   TEXT   NOT NULL,                   -- the schedule or key id
    detail   TEXT                               -- a short note, never a secret
);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
