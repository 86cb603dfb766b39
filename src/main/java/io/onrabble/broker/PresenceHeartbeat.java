package io.onrabble.broker;

import io.onrabble.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One beat of this node's presence: stay alive, and announce offline the users that dead nodes left behind. */
public final class PresenceHeartbeat implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PresenceHeartbeat.class);

    private final ValkeyPresence presence;
    private final Broker broker;

    public PresenceHeartbeat(ValkeyPresence presence, Broker broker) {
        this.presence = presence;
        this.broker = broker;
    }

    @Override
    public void run() {
        try {
            for (var user : presence.heartbeat()) {
                broker.publish(new Delivery.ToAll(new ServerMessage.Presence(user)));
            }
        } catch (RuntimeException e) {
            // The next beat tries again; if beats keep failing for longer than the time to live,
            // other nodes take this node's users offline until they reconnect.
            log.warn("presence heartbeat failed: {}", e.getMessage());
        }
    }
}
