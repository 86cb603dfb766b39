package io.onrabble.store;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

public final class JdbcMessageStore implements MessageStore {
    /** The channel's current name, or its name at send time once the channel is gone. */
    static final String PUBLIC_COLUMNS = "m.id, m.owner_id, m.username, m.channel_id, "
            + "COALESCE(c.name, m.channel_name) AS channel, m.message, m.authored_at";
    static final String PUBLIC_FROM = "chat_messages m LEFT JOIN channels c ON c.id = m.channel_id";

    /** The id sequences of migration V4 (PostgreSQL). */
    private static final String PUBLIC_IDS = "chat_message_ids";
    private static final String PRIVATE_IDS = "private_message_ids";
    private static final String INSERT_PUBLIC = "INSERT INTO chat_messages "
            + "(id, owner_id, username, channel_id, channel_name, message, authored_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PRIVATE = "INSERT INTO private_messages "
            + "(id, owner_id, username, recipient_id, recipient, message, authored_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** Replayed queue entries may be stored already: inserting them again changes nothing. */
    private static final String IDEMPOTENT = " ON CONFLICT (id) DO NOTHING";

    private final Database db;

    public JdbcMessageStore(Database db) {
        this.db = db;
    }

    @Override
    public void insertPublic(List<ChatMessage> batch) {
        db.insertBatch(INSERT_PUBLIC + IDEMPOTENT, batch, JdbcMessageStore::row);
    }

    @Override
    public void insertPrivate(List<PrivateMessage> batch) {
        db.insertBatch(INSERT_PRIVATE + IDEMPOTENT, batch, JdbcMessageStore::row);
    }

    private static Object[] row(ChatMessage m) {
        return new Object[] {m.id(), m.ownerId(), m.username(), m.channelId(), m.channel(), m.message(),
                Timestamps.toMicros(m.authoredAt())};
    }

    private static Object[] row(PrivateMessage m) {
        return new Object[] {m.id(), m.ownerId(), m.username(), m.recipientId(), m.recipient(), m.message(),
                Timestamps.toMicros(m.authoredAt())};
    }

    // New messages are inserted without ON CONFLICT: an id the sequence gave must be free, and if it is not
    // (a node in the other durability mode) the batch fails, unacked, instead of silently dropping a message.
    @Override
    public List<ChatMessage> insertNewPublic(List<ChatMessage> drafts) {
        return insertNew(PUBLIC_IDS, INSERT_PUBLIC, drafts, ChatMessage::withId, JdbcMessageStore::row);
    }

    @Override
    public List<PrivateMessage> insertNewPrivate(List<PrivateMessage> drafts) {
        return insertNew(PRIVATE_IDS, INSERT_PRIVATE, drafts, PrivateMessage::withId, JdbcMessageStore::row);
    }

    private <T> List<T> insertNew(String sequence, String insert, List<T> drafts, BiFunction<T, Long, T> withId,
                                  Function<T, Object[]> params) {
        requireSequences();
        if (drafts.isEmpty()) {
            return List.of();
        }
        // The ids and the rows in one transaction on one connection: one pool checkout per batch.
        return db.inTransaction(connection -> {
            var ids = Database.query(connection,
                    "SELECT nextval('" + sequence + "') AS id FROM generate_series(1, ?) ORDER BY id",
                    row -> row.getLong(1), drafts.size());
            var messages = new ArrayList<T>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                messages.add(withId.apply(drafts.get(i), ids.get(i)));
            }
            Database.insertBatch(connection, insert, messages, params);
            return List.copyOf(messages);
        });
    }

    @Override
    public void raiseIdSequences() {
        requireSequences();
        // Only when a stored id is above the sequence (it came from Valkey): an id the sequence gave is at
        // most its last value, so a node starting beside running ones never moves it back.
        db.query("SELECT setval('" + PUBLIC_IDS + "', m) FROM (SELECT MAX(id) AS m FROM chat_messages) x "
                + "WHERE m > (SELECT last_value FROM " + PUBLIC_IDS + ")", row -> null);
        db.query("SELECT setval('" + PRIVATE_IDS + "', m) FROM (SELECT MAX(id) AS m FROM private_messages) x "
                + "WHERE m > (SELECT last_value FROM " + PRIVATE_IDS + ")", row -> null);
    }

    private void requireSequences() {
        if (db.dialect() != Dialect.POSTGRESQL) {
            throw new UnsupportedOperationException("message id sequences exist in PostgreSQL only");
        }
    }

    @Override
    public List<ChatMessage> recentPublic(int limit) {
        return db.query("SELECT * FROM (SELECT " + PUBLIC_COLUMNS + " FROM " + PUBLIC_FROM
                + " ORDER BY m.id DESC LIMIT ?) recent ORDER BY id", JdbcMessageStore::chat, limit);
    }

    @Override
    public List<PrivateMessage> recentPrivate(String userId, int limit) {
        return db.query("SELECT * FROM (SELECT id, owner_id, username, recipient_id, recipient, message, authored_at "
                        + "FROM private_messages WHERE owner_id = ? OR recipient_id = ? ORDER BY id DESC LIMIT ?) recent "
                        + "ORDER BY id",
                JdbcMessageStore::privateMessage, userId, userId, limit);
    }

    @Override
    public Page<ChatMessage> search(MessageQuery query) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (query.keyword() != null) {
            where.add(db.dialect().fullTextCondition());
            params.add(db.dialect().fullTextQuery(query.keyword()));
        }
        if (!query.channels().isEmpty()) {
            where.add("COALESCE(c.name, m.channel_name) IN (" + placeholders(query.channels().size()) + ")");
            params.addAll(query.channels());
        }
        if (query.userId() != null) {
            where.add("m.owner_id = ?");
            params.add(query.userId());
        }
        if (query.from() != null) {
            where.add("m.authored_at >= ?");
            params.add(Timestamps.toMicros(query.from()));
        }
        if (query.to() != null) {
            where.add("m.authored_at < ?");
            params.add(Timestamps.toMicros(query.to()));
        }
        params.add(query.limit() + 1);
        params.add(query.offset());
        var rows = db.query("SELECT " + PUBLIC_COLUMNS + " FROM " + PUBLIC_FROM
                        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                        + " ORDER BY m.authored_at DESC, m.id DESC LIMIT ? OFFSET ?",
                JdbcMessageStore::chat, params.toArray());
        return Page.of(rows, query.limit());
    }

    @Override
    public Optional<ChatMessage> findPublic(long id) {
        return db.queryOne("SELECT " + PUBLIC_COLUMNS + " FROM " + PUBLIC_FROM + " WHERE m.id = ?", JdbcMessageStore::chat, id);
    }

    // edited_at (migration V6) orders edits: re-applying one (after a flush, at start) never undoes a newer one;
    // of two edits made in the same microsecond the one applied last wins, as in Valkey.
    @Override
    public int editPublic(Collection<MessageEdit> edits) {
        if (edits.isEmpty()) {
            return 0;
        }
        return db.inTransaction(connection -> {
            var changed = 0;
            for (var edit : edits) {
                var at = Timestamps.toMicros(edit.editedAt());
                changed += Database.update(connection, "UPDATE chat_messages SET message = ?, edited_at = ? "
                        + "WHERE id = ? AND (edited_at IS NULL OR edited_at <= ?)", edit.message(), at, edit.id(), at);
            }
            return changed;
        });
    }

    @Override
    public int deleteChannel(long channelId) {
        return db.update("DELETE FROM chat_messages WHERE channel_id = ?", channelId);
    }

    @Override
    public List<Long> deletePublic(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var in = "(" + placeholders(ids.size()) + ")";
        var params = ids.toArray();
        return db.inTransaction(connection -> {
            var existing = Database.query(connection, "SELECT id FROM chat_messages WHERE id IN " + in + " ORDER BY id",
                    row -> row.getLong(1), params);
            Database.update(connection, "DELETE FROM chat_messages WHERE id IN " + in, params);
            return existing;
        });
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    @Override
    public long maxPublicId() {
        return db.queryOne("SELECT COALESCE(MAX(id), 0) FROM chat_messages", row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public long maxPrivateId() {
        return db.queryOne("SELECT COALESCE(MAX(id), 0) FROM private_messages", row -> row.getLong(1)).orElse(0L);
    }

    static ChatMessage chat(ResultSet row) throws SQLException {
        return new ChatMessage(row.getLong("id"), row.getString("owner_id"), row.getString("username"),
                row.getLong("channel_id"), row.getString("channel"), row.getString("message"),
                Timestamps.fromMicros(row.getLong("authored_at")));
    }

    static PrivateMessage privateMessage(ResultSet row) throws SQLException {
        return new PrivateMessage(row.getLong("id"), row.getString("owner_id"), row.getString("username"),
                row.getString("recipient_id"), row.getString("recipient"), row.getString("message"),
                Timestamps.fromMicros(row.getLong("authored_at")));
    }
}
