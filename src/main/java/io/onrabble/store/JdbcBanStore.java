package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class JdbcBanStore implements BanStore {
    private static final String COLUMNS = "b.id, b.owner_id, b.banished_id, b.reason, b.start_time, b.end_time, b.pardoned";

    private final Database db;

    public JdbcBanStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Ban> activeBan(String userId, Instant now) {
        return db.queryOne("SELECT " + COLUMNS + " FROM bans b "
                        + "WHERE b.banished_id = ? AND b.pardoned = FALSE AND (b.end_time IS NULL OR b.end_time > ?) "
                        + "ORDER BY CASE WHEN b.end_time IS NULL THEN 1 ELSE 0 END DESC, b.end_time DESC LIMIT 1",
                JdbcBanStore::ban, userId, Timestamps.toMicros(now));
    }

    @Override
    public List<Ban> activeBans(Instant now) {
        return db.query("SELECT " + COLUMNS + " FROM bans b WHERE b.pardoned = FALSE AND (b.end_time IS NULL OR b.end_time > ?)",
                JdbcBanStore::ban, Timestamps.toMicros(now));
    }

    @Override
    public Ban ban(String ownerId, String banishedId, String reason, Instant start, Instant end) {
        var endMicros = end == null ? null : Timestamps.toMicros(end);
        return db.inTransaction(connection -> {
            Database.update(connection, "INSERT INTO bans (owner_id, banished_id, reason, start_time, end_time, pardoned) "
                    + "VALUES (?, ?, ?, ?, ?, FALSE)", ownerId, banishedId, reason, Timestamps.toMicros(start), endMicros);
            // The newest ban of this user is the one just inserted: the transaction holds the write lock.
            return Database.query(connection, "SELECT " + COLUMNS + " FROM bans b WHERE b.banished_id = ? "
                    + "ORDER BY b.id DESC LIMIT 1", JdbcBanStore::ban, banishedId).getFirst();
        });
    }

    @Override
    public Optional<Ban> pardon(long banId, Instant now) {
        return db.inTransaction(connection -> {
            var ban = Database.query(connection, "SELECT " + COLUMNS + " FROM bans b WHERE b.id = ?",
                    JdbcBanStore::ban, banId).stream().findFirst();
            if (ban.isPresent()) {
                Database.update(connection, "UPDATE bans SET pardoned = TRUE WHERE id = ? "
                                + "OR (banished_id = ? AND pardoned = FALSE AND (end_time IS NULL OR end_time > ?))",
                        banId, ban.get().banishedId(), Timestamps.toMicros(now));
            }
            return ban;
        });
    }

    @Override
    public Page<BanRecord> list(int limit, int offset) {
        var rows = db.query("SELECT " + COLUMNS + ", u.username FROM bans b LEFT JOIN users u ON u.id = b.banished_id "
                        + "ORDER BY b.start_time DESC, b.id DESC LIMIT ? OFFSET ?",
                row -> new BanRecord(ban(row), row.getString("username")), limit + 1, offset);
        return Page.of(rows, limit);
    }

    static Ban ban(ResultSet row) throws SQLException {
        var end = row.getObject("end_time") == null ? null : Timestamps.fromMicros(row.getLong("end_time"));
        return new Ban(row.getLong("id"), row.getString("owner_id"), row.getString("banished_id"),
                row.getString("reason"), Timestamps.fromMicros(row.getLong("start_time")), end,
                row.getBoolean("pardoned"));
    }
}
