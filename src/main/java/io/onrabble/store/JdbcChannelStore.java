package io.onrabble.store;

import io.onrabble.protocol.Channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

public final class JdbcChannelStore implements ChannelStore {
    private final Database db;

    public JdbcChannelStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Channel> list() {
        return db.query("SELECT id, name, description, sort_order FROM channels ORDER BY sort_order, id",
                JdbcChannelStore::channel);
    }

    static Channel channel(ResultSet row) throws SQLException {
        return new Channel(row.getLong("id"), row.getString("name"), row.getString("description"), row.getInt("sort_order"));
    }
}
