package io.onrabble.markers;

import io.onrabble.broker.Broker;
import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.broker.NodeEvent;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.JoinFrame;
import io.onrabble.chat.Session;
import io.onrabble.concurrent.Throttle;
import io.onrabble.domain.Channel;
import io.onrabble.domain.ChannelCount;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.store.ReadMarkerStore;
import io.onrabble.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Read markers: a client's {@code mark_read} moves its user's marker (forward only, stored), and a
 * marker that moved reaches every connection of that user on every node that declared
 * {@code ?markers=1}; at connect such a connection gets its {@code unread_counts}. Blocking: runs on
 * the session's inbound queue, as the connect sequence does.
 */
public final class ReadMarkers implements JoinFrame {
    private static final Logger log = LoggerFactory.getLogger(ReadMarkers.class);

    private final ReadMarkerStore store;
    private final ChannelDirectory channels;
    private final ChatHub hub;
    private final Broker broker;
    private final Codec codec;
    private final int countLimit;
    private final Throttle countWarnings = new Throttle(Duration.ofSeconds(10));

    /** {@code countLimit}: where an unread count stops (it then means "at least this many"). */
    public ReadMarkers(ReadMarkerStore store, ChannelDirectory channels, ChatHub hub, Broker broker, Codec codec,
                       int countLimit) {
        this.store = store;
        this.channels = channels;
        this.hub = hub;
        this.broker = broker;
        this.codec = codec;
        this.countLimit = countLimit;
    }

    /** A {@code mark_read} from {@code session}; a marker that did not move (a lower or equal id) sends nothing. */
    public void markRead(Session session, ClientMessage.MarkRead mark) {
        if (!session.capabilities().readMarkers()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "mark_read needs a connection made with ?markers=1",
                    mark.nonce());
        }
        var userId = session.principal().userId();
        String channelName = null;
        boolean moved;
        try {
            if (mark.channel() != null) {
                var channel = channels.byName(mark.channel()).orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNKNOWN_CHANNEL, "there is no channel named '" + mark.channel() + "'", mark.nonce()));
                channelName = channel.name();
                moved = store.markChannel(userId, channel.id(), mark.id());
            } else if (mark.userId().equals(userId)) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "a private conversation is with another user",
                        mark.nonce());
            } else {
                moved = store.markPrivate(userId, mark.userId(), mark.id());
            }
        } catch (StoreException e) {
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the read marker could not be stored; try again",
                    mark.nonce());
        }
        if (moved) {
            var frame = codec.frame(new ServerMessage.ReadMarker(channelName, mark.userId(), mark.id()));
            try {
                broker.publish(new NodeEvent.ReadMarkerMoved(userId, frame));
            } catch (BrokerUnavailableException e) {
                // Stored: the user's other connections learn it from their next unread counts.
                throw new ProtocolException(ErrorCode.UNAVAILABLE,
                        "the read marker was stored but could not reach your other connections", mark.nonce());
            }
        }
    }

    /** On every node: a moved marker to the local connections of its user that declared read markers. */
    public void deliver(NodeEvent.ReadMarkerMoved event) {
        hub.toUser(event.userId(), event.frame(), session -> session.capabilities().readMarkers());
    }

    /**
     * The {@code unread_counts} frame of a joining session that declared read markers (one query), or
     * null: for other sessions, and when the database cannot answer (the connect goes on without it).
     */
    @Override
    public Frame forJoining(Session session) {
        if (!session.capabilities().readMarkers()) {
            return null;
        }
        ReadMarkerStore.Unread unread;
        try {
            unread = store.unread(session.principal().userId(), countLimit);
        } catch (StoreException e) {
            if (countWarnings.allow()) {
                log.warn("connections get no unread counts: {}", e.getMessage());
            }
            return null;
        }
        Map<Long, String> names = channels.all().stream().collect(Collectors.toMap(Channel::id, Channel::name));
        // A channel deleted since the count was read is left out.
        var byChannel = unread.channels().stream().filter(c -> names.containsKey(c.channelId()))
                .map(c -> new ChannelCount(names.get(c.channelId()), c.count())).toList();
        var byConversation = unread.conversations().stream()
                .map(c -> new ServerMessage.ConversationCount(c.peerId(), c.count())).toList();
        return codec.frame(new ServerMessage.UnreadCounts(byChannel, byConversation, countLimit));
    }
}
