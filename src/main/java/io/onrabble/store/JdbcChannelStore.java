package io.onrabble.store;

import io.onrabble.domain.Channel;
import io.onrabble.domain.Timestamps;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class JdbcChannelStore implements ChannelStore {
    private static final String COLUMNS = "id, name, description, sort_order";

    private final Database db;

    public JdbcChannelStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Channel> list() {
        return db.query("SELECT " + COLUMNS + " FROM channels ORDER BY sort_order, id", JdbcChannelStore::channel);
    }

    @Override
    public Optional<Channel> find(long id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM channels WHERE id = ?", JdbcChannelStore::channel, id);
    }

    @Override
    public Optional<Channel> create(String name, String description, String ownerId, Instant now) {
        var micros = Timestamps.toMicros(now);
        return db.inTransaction(connection -> {
            // "WHERE TRUE": SQLite only parses an upsert on INSERT ... SELECT when the SELECT has a WHERE.
            var inserted = Database.update(connection, "INSERT INTO channels "
                            + "(name, description, owner_id, sort_order, created_at, updated_at) "
                            + "SELECT ?, ?, ?, COALESCE(MAX(sort_order), 0) + 1, ?, ? FROM channels WHERE TRUE "
                            + "ON CONFLICT (name) DO NOTHING",
                    name, description, ownerId, micros, micros);
            if (inserted == 0) {
                return Optional.<Channel>empty();
            }
            return Database.query(connection, "SELECT " + COLUMNS + " FROM channels WHERE name = ?",
                    JdbcChannelStore::channel, name).stream().findFirst();
        });
    }

    @Override
    public Outcome update(long id, String name, String description, Instant now) {
        return db.inTransaction(connection -> {
            if (!exists(connection, id)) {
                return Outcome.NOT_FOUND;
            }
            if (name != null && !Database.query(connection, "SELECT id FROM channels WHERE name = ? AND id <> ?",
                    row -> row.getLong(1), name, id).isEmpty()) {
                return Outcome.CONFLICT;
            }
            Database.update(connection, "UPDATE channels SET name = COALESCE(?, name), "
                            + "description = COALESCE(?, description), updated_at = ? WHERE id = ?",
                    name, description, Timestamps.toMicros(now), id);
            return Outcome.DONE;
        });
    }

    @Override
    public Outcome reorder(long id, long beforeId, Instant now) {
        return db.inTransaction(connection -> {
            var ids = new ArrayList<>(orderedIds(connection));
            if (!ids.remove(Long.valueOf(id))) {
                return Outcome.NOT_FOUND;
            }
            var at = ids.indexOf(beforeId);
            ids.add(at < 0 ? ids.size() : at, id);
            renumber(connection, ids, Timestamps.toMicros(now));
            return Outcome.DONE;
        });
    }

    @Override
    public Optional<Channel> delete(long id) {
        return db.inTransaction(connection -> {
            var channel = Database.query(connection, "SELECT " + COLUMNS + " FROM channels WHERE id = ?",
                    JdbcChannelStore::channel, id).stream().findFirst();
            if (channel.isEmpty()) {
                return channel;
            }
            Database.update(connection, "DELETE FROM channels WHERE id = ?", id);
            renumber(connection, orderedIds(connection), null);
            return channel;
        });
    }

    private static boolean exists(Connection connection, long id) throws SQLException {
        return !Database.query(connection, "SELECT id FROM channels WHERE id = ?", row -> row.getLong(1), id).isEmpty();
    }

    private static List<Long> orderedIds(Connection connection) throws SQLException {
        return Database.query(connection, "SELECT id FROM channels ORDER BY sort_order, id", row -> row.getLong(1));
    }

    /** Sets sort_order 1..n in the given order; {@code updatedAt} null leaves updated_at alone. */
    private static void renumber(Connection connection, List<Long> ids, Long updatedAt) throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE channels SET sort_order = ?, updated_at = COALESCE(?, updated_at) WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setInt(1, i + 1);
                statement.setObject(2, updatedAt);
                statement.setLong(3, ids.get(i));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    static Channel channel(ResultSet row) throws SQLException {
        return new Channel(row.getLong("id"), row.getString("name"), row.getString("description"), row.getInt("sort_order"));
    }
}
