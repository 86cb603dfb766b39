package io.onrabble.app;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.broker.NodeEvent;
import io.onrabble.broker.NodeEventHandler;
import io.onrabble.chat.Capabilities;
import io.onrabble.chat.ChannelActivity;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.HistoryKey;
import io.onrabble.chat.PresenceFeed;
import io.onrabble.chat.PublicHistory;
import io.onrabble.markers.ReadMarkers;
import io.onrabble.moderation.BanCheck;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.typing.TypingRelay;

import java.util.concurrent.Executor;

/**
 * This node's handler of the events every node receives: each one goes to the features it belongs
 * to; the shared connect history learns of a change before the change's frame reaches the sessions,
 * and presence events only tell the presence feed that its next interval has news. Frames arrive encoded and go to the hub's sessions as they are; the admin feed counts from the
 * event's own fields, without decoding the frame.
 */
public final class NodeEvents implements NodeEventHandler {
    private final ChatHub hub;
    private final PublicHistory history;
    private final PresenceFeed presenceFeed;
    private final ChannelActivity activity;
    private final ChannelDirectory channels;
    private final BanCheck bans;
    private final AdminFeed adminFeed;
    private final RateLimitPolicy rateLimitPolicy;
    private final Codec codec;
    private final Executor blocking;
    private final TypingRelay typing;
    private final ReadMarkers readMarkers;

    public NodeEvents(ChatHub hub, PublicHistory history, PresenceFeed presenceFeed, ChannelActivity activity,
                      ChannelDirectory channels, BanCheck bans, AdminFeed adminFeed, RateLimitPolicy rateLimitPolicy,
                      Codec codec, Executor blocking, TypingRelay typing, ReadMarkers readMarkers) {
        this.hub = hub;
        this.history = history;
        this.presenceFeed = presenceFeed;
        this.activity = activity;
        this.channels = channels;
        this.bans = bans;
        this.adminFeed = adminFeed;
        this.rateLimitPolicy = rateLimitPolicy;
        this.codec = codec;
        this.blocking = blocking;
        this.typing = typing;
        this.readMarkers = readMarkers;
    }

    @Override
    public void onChat(NodeEvent.Chat event) {
        history.changed();
        hub.toChannel(event.channel(), event.frame(), new HistoryKey.PublicMessage(event.id()));
        activity.message(event.channel());
        adminFeed.publicMessage(event.channel());
    }

    @Override
    public void onPrivate(NodeEvent.Private event) {
        hub.toUsers(event.userIds(), event.frame(), new HistoryKey.PrivateMessage(event.id()));
        adminFeed.privateMessage();
    }

    @Override
    public void onPresenceChanged(NodeEvent.PresenceChanged event) {
        presenceFeed.changed();
        adminFeed.presenceChanged();
    }

    @Override
    public void onMessagesDeleted(NodeEvent.MessagesDeleted event) {
        history.changed();
        hub.toAll(event.frame(), HistoryKey.NONE);
    }

    /** Only to clients that asked for edits; the others see the new text in the history of their next connect. */
    @Override
    public void onMessageEdited(NodeEvent.MessageEdited event) {
        history.changed();
        hub.toCapable(Capabilities::edits, event.frame(), HistoryKey.NONE);
    }

    /** A ban's kick also tells this node to read the ban list again, so the user's next connect here is refused. */
    @Override
    public void onDisconnect(NodeEvent.Disconnect event) {
        bans.revoked(event.userId(), event.closeCode(), event.reason());
        hub.disconnect(event.userId(), event.closeCode(), event.reason());
        if (event.closeCode() == CloseCode.BANNED) {
            blocking.execute(bans::refreshQuietly);
        }
    }

    /** The directory first, so a message sent after the new list arrives is checked against it. */
    @Override
    public void onChannelsChanged(NodeEvent.ChannelsChanged event) {
        channels.adopt(event.channels());
        history.changed();
        hub.toAll(codec.frame(new ServerMessage.ActiveChannels(event.channels())), HistoryKey.NONE);
    }

    /** Reloading reads the database; broker callbacks may run on an I/O thread. */
    @Override
    public void onRateLimitsChanged(NodeEvent.RateLimitsChanged event) {
        blocking.execute(rateLimitPolicy::reload);
    }

    @Override
    public void onTyping(NodeEvent.Typing event) {
        typing.deliver(event);
    }

    @Override
    public void onReadMarkerMoved(NodeEvent.ReadMarkerMoved event) {
        readMarkers.deliver(event);
    }
}
