package io.onrabble.store;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

public final class JdbcMessageStore implements MessageStore {
    /** The channel's current name, or its name at send time once the channel is gone. */
    static final String PUBLIC_COLUMNS = "m.id, m.owner_id, m.username, m.channel_id, "
            + "COALESCE(c.name, m.channel_name) AS channel, m.message, m.authored_at";
    static final String PUBLIC_FROM = "chat_messages m LEFT JOIN channels c ON c.id = m.channel_id";
    private static final String PRIVATE_COLUMNS = "id, owner_id, username, recipient_id, recipient, message, authored_at";

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
        return insertNew(INSERT_NEW_PUBLIC, drafts, ChatMessage::withId, PUBLIC_ARRAYS);
    }

    @Override
    public List<PrivateMessage> insertNewPrivate(List<PrivateMessage> drafts) {
        return insertNew(INSERT_NEW_PRIVATE, drafts, PrivateMessage::withId, PRIVATE_ARRAYS);
    }

    /** A column of a batch sent as one array parameter: its SQL element type and each message's value. */
    private record ArrayColumn<T>(String type, Function<T, Object> value) {
    }

    private static final List<ArrayColumn<ChatMessage>> PUBLIC_ARRAYS = List.of(
            new ArrayColumn<>("text", ChatMessage::ownerId), new ArrayColumn<>("text", ChatMessage::username),
            new ArrayColumn<>("bigint", ChatMessage::channelId), new ArrayColumn<>("text", ChatMessage::channel),
            new ArrayColumn<>("text", ChatMessage::message),
            new ArrayColumn<>("bigint", m -> Timestamps.toMicros(m.authoredAt())));
    private static final List<ArrayColumn<PrivateMessage>> PRIVATE_ARRAYS = List.of(
            new ArrayColumn<>("text", PrivateMessage::ownerId), new ArrayColumn<>("text", PrivateMessage::username),
            new ArrayColumn<>("text", PrivateMessage::recipientId), new ArrayColumn<>("text", PrivateMessage::recipient),
            new ArrayColumn<>("text", PrivateMessage::message),
            new ArrayColumn<>("bigint", m -> Timestamps.toMicros(m.authoredAt())));
    /*
     * The whole batch in one statement, so one round trip (and, in autocommit, its own transaction):
     * the columns as arrays; each row's id from the sequence, taken in the batch's order; the ids
     * returned by each row's place in the batch (the CTE is evaluated once, for the insert and the answer).
     */
    private static final String INSERT_NEW_PUBLIC = "WITH m AS (SELECT nextval('" + PUBLIC_IDS + "') AS id, * FROM "
            + "(SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY "
            + "AS u(owner_id, username, channel_id, channel_name, message, authored_at, n) ORDER BY n) ordered), "
            + "stored AS (INSERT INTO chat_messages (id, owner_id, username, channel_id, channel_name, message, authored_at) "
            + "SELECT id, owner_id, username, channel_id, channel_name, message, authored_at FROM m) "
            + "SELECT id FROM m ORDER BY n";
    private static final String INSERT_NEW_PRIVATE = "WITH m AS (SELECT nextval('" + PRIVATE_IDS + "') AS id, * FROM "
            + "(SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY "
            + "AS u(owner_id, username, recipient_id, recipient, message, authored_at, n) ORDER BY n) ordered), "
            + "stored AS (INSERT INTO private_messages (id, owner_id, username, recipient_id, recipient, message, authored_at) "
            + "SELECT id, owner_id, username, recipient_id, recipient, message, authored_at FROM m) "
            + "SELECT id FROM m ORDER BY n";

    private <T> List<T> insertNew(String insert, List<T> drafts, BiFunction<T, Long, T> withId,
                                  List<ArrayColumn<T>> columns) {
        requireSequences();
        if (drafts.isEmpty()) {
            return List.of();
        }
        return db.withConnection(connection -> {
            var arrays = new Object[columns.size()];
            for (int c = 0; c < arrays.length; c++) {
                var column = columns.get(c);
                arrays[c] = connection.createArrayOf(column.type(), drafts.stream().map(column.value()).toArray());
            }
            var ids = Database.query(connection, insert, row -> row.getLong(1), arrays);
            var messages = new ArrayList<T>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                messages.add(withId.apply(drafts.get(i), ids.get(i)));
            }
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
    public List<ChatMessage> publicAfter(long afterId, int limit) {
        return db.query("SELECT " + PUBLIC_COLUMNS + " FROM " + PUBLIC_FROM + " WHERE m.id > ? ORDER BY m.id LIMIT ?",
                JdbcMessageStore::chat, afterId, limit);
    }

    @Override
    public List<PrivateMessage> privateAfter(String userId, long afterId, int limit) {
        return db.query("SELECT " + PRIVATE_COLUMNS + " FROM private_messages "
                        + "WHERE (owner_id = ? OR recipient_id = ?) AND id > ? ORDER BY id LIMIT ?",
                JdbcMessageStore::privateMessage, userId, userId, afterId, limit);
    }

    @Override
    public List<ChatMessage> channelBefore(long channelId, long beforeId, int limit) {
        return db.query("SELECT * FROM (SELECT " + PUBLIC_COLUMNS + " FROM " + PUBLIC_FROM
                        + " WHERE m.channel_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?) page ORDER BY id",
                JdbcMessageStore::chat, channelId, beforeId, limit);
    }

    @Override
    public List<PrivateMessage> conversationBefore(String userId, String otherId, long beforeId, int limit) {
        return db.query("SELECT * FROM (SELECT " + PRIVATE_COLUMNS + " FROM private_messages "
                        + "WHERE ((owner_id = ? AND recipient_id = ?) OR (owner_id = ? AND recipient_id = ?)) AND id < ? "
                        + "ORDER BY id DESC LIMIT ?) page ORDER BY id",
                JdbcMessageStore::privateMessage, userId, otherId, otherId, userId, beforeId, limit);
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
    public List<Long> deletePublic(Collection<Long> ids, Collection<Long> alsoDeleted, Instant deletedAt) {
        if (ids.isEmpty() && alsoDeleted.isEmpty()) {
            return List.of();
        }
        var at = Timestamps.toMicros(deletedAt);
        return db.inTransaction(connection -> {
            var existing = List.<Long>of();
            if (!ids.isEmpty()) {
                var in = "(" + placeholders(ids.size()) + ")";
                var params = ids.toArray();
                existing = Database.query(connection, "SELECT id FROM chat_messages WHERE id IN " + in + " ORDER BY id",
                        row -> row.getLong(1), params);
                Database.update(connection, "DELETE FROM chat_messages WHERE id IN " + in, params);
            }
            var tombstones = new TreeSet<>(existing); // in id order: concurrent deletions lock rows in one order
            tombstones.addAll(alsoDeleted);
            if (!tombstones.isEmpty()) {
                Database.insertBatch(connection, "INSERT INTO deleted_messages (id, deleted_at) VALUES (?, ?)" + IDEMPOTENT,
                        List.copyOf(tombstones), id -> new Object[] {id, at});
            }
            // The highest stays, old or not: it keeps maxPublicId above every id handed out.
            Database.update(connection, "DELETE FROM deleted_messages WHERE deleted_at < ? "
                    + "AND id < (SELECT MAX(id) FROM deleted_messages)", Timestamps.toMicros(deletedAt.minus(DELETIONS_KEPT)));
            return existing;
        });
    }

    @Override
    public Optional<Instant> newestAuthoredAt(long atOrBelow) {
        return db.queryOne("SELECT authored_at FROM chat_messages WHERE id <= ? ORDER BY id DESC LIMIT 1",
                row -> Timestamps.fromMicros(row.getLong(1)), atOrBelow);
    }

    @Override
    public List<EditedMessage> editedSince(long atOrBelow, Instant since, int limit) {
        return db.query("SELECT " + PUBLIC_COLUMNS + ", m.edited_at FROM " + PUBLIC_FROM
                        + " WHERE m.edited_at >= ? AND m.id <= ? ORDER BY m.id LIMIT ?",
                row -> new EditedMessage(chat(row), Timestamps.fromMicros(row.getLong("edited_at"))),
                Timestamps.toMicros(since), atOrBelow, limit);
    }

    @Override
    public List<Long> deletedSince(long atOrBelow, Instant since, int limit) {
        return db.query("SELECT id FROM deleted_messages WHERE deleted_at >= ? AND id <= ? ORDER BY id LIMIT ?",
                row -> row.getLong(1), Timestamps.toMicros(since), atOrBelow, limit);
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    // A deleted message's id counts too: the highest id may belong to one, and is never handed out again.
    @Override
    public long maxPublicId() {
        return db.queryOne("SELECT COALESCE(MAX(id), 0) FROM (SELECT MAX(id) AS id FROM chat_messages "
                + "UNION ALL SELECT MAX(id) FROM deleted_messages) ids", row -> row.getLong(1)).orElse(0L);
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
