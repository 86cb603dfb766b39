-- OnRabble schema for SQLite (embedded mode). Times are microseconds since the epoch (UTC),
-- the same representation as on PostgreSQL, so both adapters share their SQL.

CREATE TABLE server_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    server_id   TEXT    NOT NULL,
    server_name TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE channels (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT,
    owner_id    TEXT    NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    username   TEXT    NOT NULL,
    issuer     TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX users_username ON users (username);

-- Messages keep the channel's id (renames keep history) and its name at send time (shown once the channel is gone).
CREATE TABLE chat_messages (
    id           INTEGER PRIMARY KEY,
    owner_id     TEXT    NOT NULL,
    username     TEXT    NOT NULL,
    channel_id   INTEGER NOT NULL,
    channel_name TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    authored_at  INTEGER NOT NULL
);
CREATE INDEX chat_messages_channel ON chat_messages (channel_id, authored_at);
CREATE INDEX chat_messages_owner ON chat_messages (owner_id, authored_at);
CREATE INDEX chat_messages_authored ON chat_messages (authored_at);

CREATE TABLE private_messages (
    id           INTEGER PRIMARY KEY,
    owner_id     TEXT    NOT NULL,
    username     TEXT    NOT NULL,
    recipient_id TEXT    NOT NULL,
    recipient    TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    authored_at  INTEGER NOT NULL
);
CREATE INDEX private_messages_owner ON private_messages (owner_id, id);
CREATE INDEX private_messages_recipient ON private_messages (recipient_id, id);

CREATE TABLE chat_sessions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   TEXT    NOT NULL,
    client_id  TEXT    NOT NULL,
    start_time INTEGER NOT NULL,
    end_time   INTEGER NOT NULL
);
CREATE INDEX chat_sessions_start ON chat_sessions (start_time);

CREATE TABLE bans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    TEXT    NOT NULL,
    banished_id TEXT    NOT NULL,
    reason      TEXT,
    start_time  INTEGER NOT NULL,
    end_time    INTEGER,
    pardoned    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX bans_banished ON bans (banished_id);

-- owner_id 'default' is the global limit; any other row overrides it for one user.
CREATE TABLE rate_limits (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id       TEXT    NOT NULL UNIQUE,
    message_limit  INTEGER NOT NULL CHECK (message_limit > 0),
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    updated_at     INTEGER NOT NULL
);
INSERT INTO rate_limits (owner_id, message_limit, window_seconds, updated_at) VALUES ('default', 10, 60, 0);

-- Existing clients post every public message to 'General' (protocol reference, section 5.1).
INSERT INTO channels (name, description, owner_id, sort_order, created_at, updated_at)
VALUES ('General', 'Main room', 'system', 1, 0, 0);
