package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class JdbcRateLimitStore implements RateLimitStore {
    private static final String SELECT = "SELECT id, owner_id, message_limit, window_seconds FROM rate_limits";

    private final Database db;

    public JdbcRateLimitStore(Database db) {
        this.db = db;
    }

    @Override
    public List<RateLimitRow> all() {
        return db.query(SELECT + " ORDER BY id", JdbcRateLimitStore::row);
    }

    @Override
    public Optional<RateLimitRow> find(long id) {
        return db.queryOne(SELECT + " WHERE id = ?", JdbcRateLimitStore::row, id);
    }

    @Override
    public Optional<RateLimitRow> findByOwner(String ownerId) {
        return db.queryOne(SELECT + " WHERE owner_id = ?", JdbcRateLimitStore::row, ownerId);
    }

    @Override
    public boolean update(long id, int messageLimit, int windowSeconds, Instant now) {
        return db.update("UPDATE rate_limits SET message_limit = ?, window_seconds = ?, updated_at = ? WHERE id = ?",
                messageLimit, windowSeconds, Timestamps.toMicros(now), id) > 0;
    }

    @Override
    public RateLimitRow put(String ownerId, int messageLimit, int windowSeconds, Instant now) {
        return db.inTransaction(connection -> {
            Database.update(connection, "INSERT INTO rate_limits (owner_id, message_limit, window_seconds, updated_at) "
                            + "VALUES (?, ?, ?, ?) ON CONFLICT (owner_id) DO UPDATE SET message_limit = excluded.message_limit, "
                            + "window_seconds = excluded.window_seconds, updated_at = excluded.updated_at",
                    ownerId, messageLimit, windowSeconds, Timestamps.toMicros(now));
            return Database.query(connection, SELECT + " WHERE owner_id = ?", JdbcRateLimitStore::row, ownerId).getFirst();
        });
    }

    @Override
    public boolean delete(String ownerId) {
        return db.update("DELETE FROM rate_limits WHERE owner_id = ?", ownerId) > 0;
    }

    private static RateLimitRow row(ResultSet row) throws SQLException {
        return new RateLimitRow(row.getLong("id"), row.getString("owner_id"), row.getInt("message_limit"),
                row.getInt("window_seconds"));
    }
}
