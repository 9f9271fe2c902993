-- agentcron schema, the same text for SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT; INTEGER
-- affinity in SQLite). What only one database has lives in its own folder (db/postgres: the lease tables).

CREATE TABLE schedules (
    id               TEXT    PRIMARY KEY,
    owner            TEXT    NOT NULL,
    kind             TEXT    NOT NULL,          -- letta_message | agent_run
    agent_id         TEXT    NOT NULL,          -- Letta agent id; empty for agent runs
    bucket           INTEGER NOT NULL,          -- which lease covers it (cluster mode)
    name             TEXT    NOT NULL DEFAULT '',
    trigger_type     TEXT    NOT NULL,          -- at | cron | every
    trigger_spec     TEXT    NOT NULL,          -- epoch ms | cron text | interval ms
    trigger_zone     TEXT    NOT NULL DEFAULT 'UTC',
    trigger_anchor   BIGINT,                   -- cron: start_at; every: the instant intervals count from
    trigger_end      BIGINT,                   -- end_at: no fire after it
    callback_url     TEXT,
    policies         TEXT    NOT NULL,          -- catch-up, overlap, jitter, retry, timeout, auto-pause: JSON
    state            TEXT    NOT NULL,          -- active | paused | done | deleted
    next_fire_at     BIGINT,
    version          BIGINT NOT NULL,
    last_ran_at      BIGINT,
    last_spawn_error TEXT,
    failures_in_a_row INTEGER NOT NULL DEFAULT 0,
    paused_reason    TEXT,
    created_by       TEXT    NOT NULL,
    updated_by       TEXT    NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- The request body that made each schedule, apart from the hot row above: a fire updates only the narrow
-- schedules row (next_fire_at, version), never rewrites the payload.
CREATE TABLE schedule_payloads (
    schedule_id  TEXT PRIMARY KEY,
    payload      TEXT NOT NULL                  -- the face's request body, JSON
);

-- The engine's only hot query: what is due before the end of the look-ahead window.
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE state = 'active';
CREATE INDEX schedules_due_by_bucket ON schedules (bucket, next_fire_at) WHERE state = 'active';
CREATE INDEX schedules_owner_agent ON schedules (owner, agent_id, id);
CREATE INDEX schedules_owner_name ON schedules (owner, kind, lower(name), id);

CREATE TABLE runs (
    id              TEXT    PRIMARY KEY,
    schedule_id     TEXT,                       -- null for a run started through the runs API
    owner           TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    agent_id        TEXT    NOT NULL,
    bucket          INTEGER NOT NULL,           -- the schedule's bucket; a run without one hashes its own id
    source          TEXT    NOT NULL,           -- schedule | manual | api
    lane            TEXT    NOT NULL,           -- runs sharing a lane are delivered one at a time
    due_at          BIGINT NOT NULL,
    state           TEXT    NOT NULL,
    attempt         INTEGER NOT NULL DEFAULT 0,
    input           TEXT    NOT NULL,           -- what is delivered, frozen when the run is made
    callback_url    TEXT,
    policy          TEXT,                       -- retry, timeout and auto-pause of its schedule, JSON
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT,
    lateness_ms     BIGINT,
    response        TEXT,                       -- what the agent answered (output)
    error           TEXT,                       -- why it failed, was skipped or cancelled
    fired_by        TEXT                        -- the node that made it (cluster audits)
);

-- One run per occurrence: a double fire is impossible in the database, not merely unlikely.
CREATE UNIQUE INDEX runs_one_per_occurrence ON runs (schedule_id, due_at) WHERE source = 'schedule';
-- Runs not finished yet, apart from the runs table: finishing a run then changes no indexed column of its
-- row (a HOT update on PostgreSQL), and a node taking over a bucket finds what to deliver again here.
-- The engine asks it which schedules have a run unfinished (overlap "skip"), one query per group of fires.
CREATE TABLE pending_runs (
    run_id       TEXT    PRIMARY KEY,
    schedule_id  TEXT,
    bucket       INTEGER NOT NULL,
    due_at       BIGINT  NOT NULL
);
CREATE INDEX pending_runs_by_bucket ON pending_runs (bucket, due_at);
CREATE INDEX pending_runs_by_schedule ON pending_runs (schedule_id);
CREATE INDEX runs_by_schedule ON runs (schedule_id, due_at);
CREATE INDEX runs_by_owner ON runs (owner, created_at, id);

-- Transactional outbox: written in the transaction that finishes the run, sent after commit.
CREATE TABLE callbacks (
    id              TEXT    PRIMARY KEY,
    run_id          TEXT    NOT NULL UNIQUE,
    url             TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    state           TEXT    NOT NULL,           -- pending | delivered | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);

CREATE INDEX callbacks_pending ON callbacks (next_attempt_at) WHERE state = 'pending';

CREATE TABLE api_keys (
    id          TEXT    PRIMARY KEY,
    principal   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,        -- SHA-256 of the key; the key itself is never stored
    created_at  BIGINT  NOT NULL
);

CREATE TABLE idempotency_keys (
    owner         TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    schedule_id   TEXT    NOT NULL,             -- what the first request created; a retry answers with it
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (owner, key)
);

CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
