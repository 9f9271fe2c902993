-- PostgreSQL only: the tables of cluster mode, and page room for HOT updates.

-- Cluster mode: schedules hash into fixed buckets; a node fires a bucket only while it holds its lease.
-- Every fire transaction checks owner, epoch and expiry against the database clock (the fence).
CREATE TABLE bucket_leases (
    bucket      INTEGER     PRIMARY KEY,
    owner       TEXT,
    epoch       BIGINT      NOT NULL DEFAULT 0,
    expires_at  TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);

CREATE TABLE nodes (
    id            TEXT        PRIMARY KEY,
    heartbeat_at  TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL
);

-- Keep the hot tables' pages with room for HOT updates of next_fire_at and state.
ALTER TABLE schedules SET (fillfactor = 80);
ALTER TABLE runs SET (fillfactor = 90);
