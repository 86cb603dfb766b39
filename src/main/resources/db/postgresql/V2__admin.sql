-- Admin API support (issue #5): full-text search over public messages and indexes for the admin queries.
-- Mirrors db/sqlite/V2__admin.sql; written against the PostgreSQL V1 that mirrors SQLite V1
-- (BIGINT epoch-microsecond times, TEXT, BOOLEAN).

-- The English tsvector of each message, kept by PostgreSQL itself, searched with plainto_tsquery('english', ...).
ALTER TABLE chat_messages
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', message)) STORED;
CREATE INDEX chat_messages_search ON chat_messages USING GIN (search_vector);

-- GET /users?username= is a case-insensitive prefix search: lower(username) LIKE 'prefix%'.
-- text_pattern_ops lets LIKE use the index whatever the database collation.
CREATE INDEX users_username_lower ON users (lower(username) text_pattern_ops);
-- GET /users/bans pages newest first.
CREATE INDEX bans_start ON bans (start_time);
-- Per-user usage and peak concurrency read sessions by owner and by end time.
CREATE INDEX chat_sessions_owner ON chat_sessions (owner_id, start_time);
CREATE INDEX chat_sessions_end ON chat_sessions (end_time);
