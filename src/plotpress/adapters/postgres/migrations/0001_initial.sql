-- PlotPress metadata, schema version 1 (PostgreSQL): the SQLite schema in portable
-- types. Times are timestamptz (microsecond resolution, like Python); JSON is text
-- (the store never queries inside it).

CREATE TABLE users (
    id           text PRIMARY KEY,
    email        text,
    email_norm   text,
    issuer       text,
    subject      text,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE UNIQUE INDEX users_otp_email ON users (email_norm) WHERE issuer IS NULL;
CREATE INDEX users_email_norm ON users (email_norm);

CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claims     text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    roles      text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE otp_codes (
    id         text PRIMARY KEY,
    email      text NOT NULL,
    email_norm text NOT NULL,
    code_hash  text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts   integer NOT NULL DEFAULT 0,
    consumed   boolean NOT NULL DEFAULT false
);
CREATE INDEX otp_codes_email ON otp_codes (email_norm, created_at);
CREATE INDEX otp_codes_expiry ON otp_codes (expires_at);

CREATE TABLE rate_limits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- An identity never hands out an id twice, so ids only grow (in allocation order).
CREATE TABLE audit_log (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                timestamptz NOT NULL,
    actor             text,
    dashboard         text NOT NULL,
    page              text,
    kind              text NOT NULL,
    name              text NOT NULL,
    connection_name   text,
    params            text NOT NULL,
    duration_ms       double precision NOT NULL,
    row_count         bigint,
    cached            boolean NOT NULL,
    outcome           text NOT NULL,
    error             text,
    fallback          boolean NOT NULL,
    workspace_version text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_dashboard ON audit_log (dashboard, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

CREATE TABLE query_cache (
    key        text PRIMARY KEY,
    value      bytea NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX query_cache_expiry ON query_cache (expires_at);

CREATE TABLE kv (
    key   text PRIMARY KEY,
    value text NOT NULL
);
