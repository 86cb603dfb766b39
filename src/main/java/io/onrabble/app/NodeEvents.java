package io.onrabble.app;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.broker.NodeEvent;
import io.onrabble.broker.NodeEventHandler;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.HistoryKey;
import io.onrabble.moderation.BanList;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.ratelimit.RateLimitPolicy;

import java.util.concurrent.Executor;

/**
 * This node's handler of the events every node receives: each one goes to the features it belongs
 * to. Frames arrive encoded and go to the hub's sessions as they are; the admin feed counts from the
 * event's own fields, without decoding the frame.
 */
public final class NodeEvents implements NodeEventHandler {
    private final ChatHub hub;
    private final ChannelDirectory channels;
    private final AdminFeed adminFeed;
    private final RateLimitPolicy rateLimitPolicy;
    private final BanList bans;
    private final Codec codec;
    private final Executor blocking;

    public NodeEvents(ChatHub hub, ChannelDirectory channels, AdminFeed adminFeed, RateLimitPolicy rateLimitPolicy,
                      BanList bans, Codec codec, Executor blocking) {
        this.hub = hub;
        this.channels = channels;
        this.adminFeed = adminFeed;
        this.rateLimitPolicy = rateLimitPolicy;
        this.bans = bans;
        this.codec = codec;
        this.blocking = blocking;
    }

    @Override
    public void onChat(NodeEvent.Chat event) {
        hub.toAll(event.frame(), new HistoryKey.PublicMessage(event.id()));
        adminFeed.publicMessage(event.channel());
    }

    @Override
    public void onPrivate(NodeEvent.Private event) {
        hub.toUsers(event.userIds(), event.frame(), new HistoryKey.PrivateMessage(event.id()));
        adminFeed.privateMessage();
    }

    @Override
    public void onPresenceChanged(NodeEvent.PresenceChanged event) {
        hub.toAll(event.frame(), new HistoryKey.Status(event.userId()));
        adminFeed.presenceChanged();
    }

    @Override
    public void onMessagesDeleted(NodeEvent.MessagesDeleted event) {
        hub.toAll(event.frame(), HistoryKey.NONE);
    }

    /** A ban's kick also tells this node to read the ban list again, so the user's next connect here is refused. */
    @Override
    public void onDisconnect(NodeEvent.Disconnect event) {
        hub.disconnect(event.userId(), event.closeCode(), event.reason());
        if (event.closeCode() == CloseCode.BANNED) {
            blocking.execute(bans::refreshQuietly);
        }
    }

    /** The directory first, so a message sent after the new list arrives is checked against it. */
    @Override
    public void onChannelsChanged(NodeEvent.ChannelsChanged event) {
        channels.adopt(event.channels());
        hub.toAll(codec.frame(new ServerMessage.ActiveChannels(event.channels())), HistoryKey.NONE);
    }

    /** Reloading reads the database; broker callbacks may run on an I/O thread. */
    @Override
    public void onRateLimitsChanged(NodeEvent.RateLimitsChanged event) {
        blocking.execute(rateLimitPolicy::reload);
    }
}
