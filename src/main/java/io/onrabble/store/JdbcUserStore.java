package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcUserStore implements UserStore {
    private final Database db;

    public JdbcUserStore(Database db) {
        this.db = db;
    }

    @Override
    public void seen(String id, String username, String issuer, Instant now) {
        seenAll(List.of(new Sighting(id, username, issuer, now)));
    }

    @Override
    public void seenAll(Collection<Sighting> sightings) {
        db.insertBatch("INSERT INTO users (id, username, issuer, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET username = excluded.username, last_seen = excluded.last_seen",
                List.copyOf(sightings), s -> {
                    var micros = Timestamps.toMicros(s.at());
                    return new Object[] {s.id(), s.username(), s.issuer(), micros, micros};
                });
    }

    @Override
    public Optional<UserRecord> find(String id) {
        return db.queryOne("SELECT id, username, issuer, first_seen, last_seen FROM users WHERE id = ?",
                row -> new UserRecord(row.getString("id"), row.getString("username"), row.getString("issuer"),
                        Timestamps.fromMicros(row.getLong("first_seen")), Timestamps.fromMicros(row.getLong("last_seen"))),
                id);
    }

    @Override
    public Page<UserSummary> search(String prefix, Instant now, int limit, int offset) {
        var pattern = prefix.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        var rows = db.query("SELECT u.id, u.username, EXISTS (SELECT 1 FROM bans b WHERE b.banished_id = u.id "
                        + "AND b.pardoned = FALSE AND (b.end_time IS NULL OR b.end_time > ?)) AS banned "
                        + "FROM users u WHERE lower(u.username) LIKE ? ESCAPE '\\' ORDER BY u.username, u.id LIMIT ? OFFSET ?",
                row -> new UserSummary(row.getString("id"), row.getString("username"), row.getBoolean("banned")),
                Timestamps.toMicros(now), pattern, limit + 1, offset);
        return Page.of(rows, limit);
    }
}
