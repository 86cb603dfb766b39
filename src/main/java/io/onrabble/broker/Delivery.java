package io.onrabble.broker;

import io.onrabble.domain.Channel;
import io.onrabble.protocol.ServerMessage;

import java.util.List;
import java.util.Set;

/** Something every node must do for its own connections: fan out a frame, close connections, adopt new settings. */
public sealed interface Delivery {

    /** Every connection, dashboards included. */
    record ToAll(ServerMessage message) implements Delivery {
    }

    /** Every connection of these users. */
    record ToUsers(Set<String> userIds, ServerMessage message) implements Delivery {
    }

    /** Close every connection of {@code userId} with {@code closeCode} (e.g. a ban). */
    record Disconnect(String userId, short closeCode, String reason) implements Delivery {
    }

    /** The channel list changed: adopt it and send every connection a fresh {@code active_channels}. */
    record ChannelsChanged(List<Channel> channels) implements Delivery {
        public ChannelsChanged {
            channels = List.copyOf(channels);
        }
    }

    /** Rate-limit rules changed in the store: reload them. */
    record RateLimitsChanged() implements Delivery {
    }
}
