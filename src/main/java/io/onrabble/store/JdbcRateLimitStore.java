package io.onrabble.store;

import java.util.List;

public final class JdbcRateLimitStore implements RateLimitStore {
    private final Database db;

    public JdbcRateLimitStore(Database db) {
        this.db = db;
    }

    @Override
    public List<RateLimitRow> all() {
        return db.query("SELECT id, owner_id, message_limit, window_seconds FROM rate_limits ORDER BY id",
                row -> new RateLimitRow(row.getLong("id"), row.getString("owner_id"), row.getInt("message_limit"),
                        row.getInt("window_seconds")));
    }
}
