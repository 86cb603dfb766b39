package io.onrabble.store;

import io.onrabble.domain.Timestamps;

public final class JdbcSessionStore implements SessionStore {
    private final Database db;

    public JdbcSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void record(ChatSession session) {
        db.update("INSERT INTO chat_sessions (owner_id, client_id, start_time, end_time) VALUES (?, ?, ?, ?)",
                session.ownerId(), session.clientId(), Timestamps.toMicros(session.start()),
                Timestamps.toMicros(session.end()));
    }
}
