-- PlotPress metadata, schema version 1 (SQLite).
-- Times are INTEGER microseconds since the Unix epoch, UTC; JSON is TEXT;
-- booleans are INTEGER 0/1.

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    email        TEXT,
    email_norm   TEXT,
    issuer       TEXT,
    subject      TEXT,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE UNIQUE INDEX users_otp_email ON users (email_norm) WHERE issuer IS NULL;
CREATE INDEX users_email_norm ON users (email_norm);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claims     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    roles      TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE otp_codes (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    consumed   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX otp_codes_email ON otp_codes (email_norm, created_at);
CREATE INDEX otp_codes_expiry ON otp_codes (expires_at);

CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
) WITHOUT ROWID;

-- AUTOINCREMENT: ids never repeat, even after a purge removed the newest rows, so an
-- id (and a cursor built on one) always denotes the same event.
CREATE TABLE audit_log (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    at                INTEGER NOT NULL,
    actor             TEXT,
    dashboard         TEXT NOT NULL,
    page              TEXT,
    kind              TEXT NOT NULL,
    name              TEXT NOT NULL,
    connection_name   TEXT,
    params            TEXT NOT NULL,
    duration_ms       REAL NOT NULL,
    row_count         INTEGER,
    cached            INTEGER NOT NULL,
    outcome           TEXT NOT NULL,
    error             TEXT,
    fallback          INTEGER NOT NULL,
    workspace_version TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_dashboard ON audit_log (dashboard, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

CREATE TABLE query_cache (
    key        TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX query_cache_expiry ON query_cache (expires_at);

CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
