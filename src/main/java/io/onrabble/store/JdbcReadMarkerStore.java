package io.onrabble.store;

import java.util.ArrayList;

/** Read markers in the tables of migration V5; the same SQL serves SQLite and PostgreSQL. */
public final class JdbcReadMarkerStore implements ReadMarkerStore {
    /** Inserts the marker or raises it; a lower id matches no row, so the marker never moves back. */
    private static final String MARK = " (user_id, %s, last_read_id) VALUES (?, ?, ?) ON CONFLICT (user_id, %s) "
            + "DO UPDATE SET last_read_id = excluded.last_read_id WHERE excluded.last_read_id > %s.last_read_id";

    /**
     * Per channel, a count from its marker on through the (channel_id, id) index; per conversation
     * (its peers read from the (recipient_id, owner_id, id) index alone), a count from its marker on
     * through that index. Each count stops at the limit, so a connect costs at most the limit per
     * channel and conversation, however long the history after a marker (or without one).
     */
    private static final String UNREAD = "SELECT 'c' AS kind, c.id AS channel_id, CAST(NULL AS TEXT) AS peer_id, "
            + "(SELECT COUNT(*) FROM (SELECT 1 FROM chat_messages m WHERE m.channel_id = c.id AND m.owner_id <> ? "
            + "AND m.id > COALESCE((SELECT r.last_read_id FROM channel_read_markers r "
            + "WHERE r.user_id = ? AND r.channel_id = c.id), 0) LIMIT ?) capped) AS unread FROM channels c "
            + "UNION ALL "
            + "SELECT 'p', CAST(NULL AS BIGINT), peers.owner_id, "
            + "(SELECT COUNT(*) FROM (SELECT 1 FROM private_messages p WHERE p.recipient_id = ? "
            + "AND p.owner_id = peers.owner_id AND p.id > COALESCE((SELECT r.last_read_id FROM private_read_markers r "
            + "WHERE r.user_id = ? AND r.peer_id = peers.owner_id), 0) LIMIT ?) capped) "
            + "FROM (SELECT DISTINCT owner_id FROM private_messages WHERE recipient_id = ? AND owner_id <> ?) peers";

    private final Database db;

    public JdbcReadMarkerStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean markChannel(String userId, long channelId, long messageId) {
        return db.update("INSERT INTO channel_read_markers" + MARK.formatted("channel_id", "channel_id",
                "channel_read_markers"), userId, channelId, messageId) > 0;
    }

    @Override
    public boolean markPrivate(String userId, String peerId, long messageId) {
        return db.update("INSERT INTO private_read_markers" + MARK.formatted("peer_id", "peer_id",
                "private_read_markers"), userId, peerId, messageId) > 0;
    }

    @Override
    public Unread unread(String userId, int limit) {
        var rows = db.query(UNREAD, row -> "c".equals(row.getString("kind"))
                ? new ChannelUnread(row.getLong("channel_id"), row.getLong("unread"))
                : (UnreadCount) new ConversationUnread(row.getString("peer_id"), row.getLong("unread")),
                userId, userId, limit, userId, userId, limit, userId, userId);
        var channels = new ArrayList<ChannelUnread>();
        var conversations = new ArrayList<ConversationUnread>();
        for (var row : rows) {
            switch (row) {
                case ChannelUnread channel when channel.count() > 0 -> channels.add(channel);
                case ConversationUnread conversation -> conversations.add(conversation);
                default -> {
                }
            }
        }
        return new Unread(channels, conversations);
    }
}
