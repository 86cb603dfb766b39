package io.onrabble.store;

import io.onrabble.protocol.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

public final class JdbcBanStore implements BanStore {
    private final Database db;

    public JdbcBanStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Ban> activeBan(String userId, Instant now) {
        return db.queryOne("SELECT id, owner_id, banished_id, reason, start_time, end_time, pardoned FROM bans "
                        + "WHERE banished_id = ? AND pardoned = FALSE AND (end_time IS NULL OR end_time > ?) "
                        + "ORDER BY CASE WHEN end_time IS NULL THEN 1 ELSE 0 END DESC, end_time DESC LIMIT 1",
                JdbcBanStore::ban, userId, Timestamps.toMicros(now));
    }

    static Ban ban(ResultSet row) throws SQLException {
        var end = row.getObject("end_time") == null ? null : Timestamps.fromMicros(row.getLong("end_time"));
        return new Ban(row.getLong("id"), row.getString("owner_id"), row.getString("banished_id"),
                row.getString("reason"), Timestamps.fromMicros(row.getLong("start_time")), end,
                row.getBoolean("pardoned"));
    }
}
