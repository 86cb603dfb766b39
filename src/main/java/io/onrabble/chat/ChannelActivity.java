package io.onrabble.chat;

import io.onrabble.domain.ChannelCount;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unread counts for clients that opened channels: public messages are counted per channel as they
 * arrive, and once per interval one {@code channel_activity} frame (the same bytes for all of them)
 * tells those clients how many each channel got, so a message costs the readers of its channel, not
 * a frame to every connection.
 */
public final class ChannelActivity {
    private final ChatHub hub;
    private final Codec codec;
    private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();

    public ChannelActivity(ChatHub hub, Codec codec) {
        this.hub = hub;
        this.codec = codec;
    }

    /** A public message of {@code channel} arrived (on any node). */
    public void message(String channel) {
        counts.merge(channel, 1L, Long::sum);
    }

    /** One interval: the counts since the last, to every client that opened channels. */
    public void flush() {
        var interval = new ArrayList<ChannelCount>();
        for (var channel : counts.keySet()) {
            // removed atomically per channel: a message counted meanwhile goes to the next interval
            var count = counts.remove(channel);
            if (count != null) {
                interval.add(new ChannelCount(channel, count));
            }
        }
        if (interval.isEmpty()) {
            return;
        }
        var subscribers = hub.channelSubscribers();
        if (!subscribers.isEmpty()) {
            var frame = codec.frame(new ServerMessage.ChannelActivity(interval));
            subscribers.forEach(session -> session.send(frame));
        }
    }
}
