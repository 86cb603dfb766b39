package io.onrabble.broker;

import io.onrabble.protocol.ServerMessage;

import java.util.Set;

/** A frame to fan out, and to whom. Every node delivers it to its own matching connections. */
public sealed interface Delivery {
    ServerMessage message();

    /** Every connection, dashboards included. */
    record ToAll(ServerMessage message) implements Delivery {
    }

    /** Every connection of these users. */
    record ToUsers(Set<String> userIds, ServerMessage message) implements Delivery {
    }
}
