package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.store.MessageStore;
import io.onrabble.store.Page;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Answers {@code get_history}: a page of a channel's or a private conversation's messages before an
 * id, from the recent ring when it holds a whole page, else from the database merged with the ring
 * (which may hold messages the database does not have yet), once the durable queue reached the
 * database. Deleted messages are in neither.
 * Blocking: runs on the session's inbound queue.
 */
public final class OlderHistory {
    private final MessageJournal journal;
    private final MessageStore store;
    private final ChannelDirectory channels;
    private final Codec codec;
    private final HistorySettings settings;

    public OlderHistory(MessageJournal journal, MessageStore store, ChannelDirectory channels, Codec codec,
                        HistorySettings settings) {
        this.journal = journal;
        this.store = store;
        this.channels = channels;
        this.codec = codec;
        this.settings = settings;
    }

    public void page(Session session, ClientMessage.GetHistory request) {
        var limit = request.limit() == null ? settings.pageDefault() : request.limit();
        if (limit < 1 || limit > settings.pageMax()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'limit' must be between 1 and " + settings.pageMax(),
                    request.nonce());
        }
        var before = request.before() == null ? Long.MAX_VALUE : request.before();
        session.send(codec.frame(request.channel() != null
                ? channelPage(request.channel(), before, limit, request.nonce())
                : conversationPage(session, request.userId(), before, limit, request.nonce())));
    }

    private ServerMessage channelPage(String name, long before, int limit, String nonce) {
        var channel = channels.byName(name).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_CHANNEL, "no channel is named '" + name + "'", nonce));
        var page = page(journal::recentPublic, m -> m.channelId() == channel.id(), ChatMessage::id,
                () -> store.channelBefore(channel.id(), before, limit + 1), before, limit);
        return new ServerMessage.ChannelHistory(channel.name(), page.items(), page.hasMore(), nonce);
    }

    private ServerMessage conversationPage(Session session, String otherId, long before, int limit, String nonce) {
        var principal = session.principal();
        var userId = principal.userId();
        var page = page(() -> journal.recentPrivate(userId), m -> m.ownerId().equals(otherId) && m.recipientId().equals(userId)
                        || m.ownerId().equals(userId) && m.recipientId().equals(otherId), PrivateMessage::id,
                () -> store.conversationBefore(userId, otherId, before, limit + 1), before, limit);
        var messages = page.items().stream()
                .map(dm -> ConnectSequence.withRecipientName(dm, userId, principal.username())).toList();
        return new ServerMessage.ConversationHistory(otherId, messages, page.hasMore(), nonce);
    }

    /** The newest {@code limit} messages below {@code before}, oldest first, and whether older ones exist. */
    private <T> Page<T> page(Supplier<List<T>> ring, Predicate<T> belongs, ToLongFunction<T> id,
                                    Supplier<List<T>> stored, long before, int limit) {
        var recent = ring.get();
        var byId = new TreeMap<Long, T>();
        recent.stream().filter(m -> id.applyAsLong(m) < before && belongs.test(m))
                .forEach(m -> byId.put(id.applyAsLong(m), m));
        // The ring holds every message from its first on: with a page and one more from it, older ones need no database.
        if (byId.size() <= limit) {
            journal.awaitFlushed(); // what waits in a durable queue (durability 'valkey') is older than the ring may reach
            stored.get().forEach(m -> byId.putIfAbsent(id.applyAsLong(m), m));
        }
        var newest = List.copyOf(byId.descendingMap().values());
        var items = newest.subList(0, Math.min(limit, newest.size())).reversed();
        return new Page<>(List.copyOf(items), newest.size() > limit);
    }
}
