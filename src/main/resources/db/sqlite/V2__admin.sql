-- Admin API support (issue #5): full-text search over public messages and indexes for the admin queries.

-- External-content FTS5 index: the text lives once, in chat_messages; triggers keep the index in step,
-- so every insert path (the flusher included) and every delete or purge updates it in the same transaction.
-- 'porter unicode61' stems English words, close to PostgreSQL's to_tsvector('english', ...).
CREATE VIRTUAL TABLE chat_messages_fts USING fts5(
    message,
    content = 'chat_messages',
    content_rowid = 'id',
    tokenize = 'porter unicode61'
);
INSERT INTO chat_messages_fts (chat_messages_fts) VALUES ('rebuild');

CREATE TRIGGER chat_messages_fts_insert AFTER INSERT ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (rowid, message) VALUES (new.id, new.message);
END;

CREATE TRIGGER chat_messages_fts_delete AFTER DELETE ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (chat_messages_fts, rowid, message) VALUES ('delete', old.id, old.message);
END;

CREATE TRIGGER chat_messages_fts_update AFTER UPDATE OF message ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (chat_messages_fts, rowid, message) VALUES ('delete', old.id, old.message);
    INSERT INTO chat_messages_fts (rowid, message) VALUES (new.id, new.message);
END;

-- GET /users?username= is a case-insensitive prefix search.
CREATE INDEX users_username_lower ON users (lower(username));
-- GET /users/bans pages newest first.
CREATE INDEX bans_start ON bans (start_time);
-- Per-user usage and peak concurrency read sessions by owner and by end time.
CREATE INDEX chat_sessions_owner ON chat_sessions (owner_id, start_time);
CREATE INDEX chat_sessions_end ON chat_sessions (end_time);
