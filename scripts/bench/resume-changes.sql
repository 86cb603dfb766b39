-- The queries a resume adds (MessageReplay over JdbcMessageStore: newestAuthoredAt, editedSince,
-- deletedSince, maxPublicId) on 1,000,000 public messages, every hundredth edited a minute after it was
-- sent, and 20,000 tombstones; a client holding messages up to id 999000. A scratch schema, dropped at the end.
-- psql -h 127.0.0.1 -U postgres -d test -f scripts/bench/resume-changes.sql (docs/benchmarks.md)
DROP SCHEMA IF EXISTS rc_bench CASCADE; CREATE SCHEMA rc_bench; SET search_path = rc_bench;
CREATE TABLE channels (id BIGINT PRIMARY KEY, name TEXT);
INSERT INTO channels VALUES (1, 'General');
CREATE TABLE chat_messages (id BIGINT PRIMARY KEY, owner_id TEXT, username TEXT, channel_id BIGINT, channel_name TEXT, message TEXT, authored_at BIGINT, edited_at BIGINT);
INSERT INTO chat_messages SELECT g, 'u', 'alice', 1, 'General', 'message ' || g, 1700000000000000::bigint + g::bigint * 1000000,
  CASE WHEN g % 100 = 0 THEN 1700000000000000::bigint + g::bigint * 1000000 + 60000000 END FROM generate_series(1, 1000000) g;
CREATE INDEX chat_messages_edited_at ON chat_messages (edited_at) WHERE edited_at IS NOT NULL;
CREATE TABLE deleted_messages (id BIGINT PRIMARY KEY, deleted_at BIGINT NOT NULL);
INSERT INTO deleted_messages SELECT g * 50 + 1, 1700000000000000::bigint + (g::bigint * 50 + 1) * 1000000 + 30000000 FROM generate_series(1, 20000) g;
CREATE INDEX deleted_messages_deleted_at ON deleted_messages (deleted_at);
ANALYZE;
\timing on
EXPLAIN (ANALYZE, BUFFERS) SELECT authored_at FROM chat_messages WHERE id <= 999000 ORDER BY id DESC LIMIT 1;
EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.owner_id, m.username, m.channel_id, COALESCE(c.name, m.channel_name) AS channel, m.message, m.authored_at, m.edited_at FROM chat_messages m LEFT JOIN channels c ON c.id = m.channel_id WHERE m.edited_at >= 1700000000000000 + 998940000000 AND m.id <= 999000 ORDER BY m.id LIMIT 1001;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM deleted_messages WHERE deleted_at >= 1700000000000000 + 998940000000 AND id <= 999000 ORDER BY id LIMIT 1001;
EXPLAIN (ANALYZE, BUFFERS) SELECT COALESCE(MAX(id), 0) FROM (SELECT MAX(id) AS id FROM chat_messages UNION ALL SELECT MAX(id) FROM deleted_messages) ids;
DROP SCHEMA rc_bench CASCADE;
