package io.onrabble.broker;

import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * One beat of this node's presence: stay alive, announce offline the users that dead nodes left
 * behind, and if this node's own entries were lost, register its open connections again.
 */
public final class PresenceHeartbeat implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PresenceHeartbeat.class);

    private final ValkeyPresence presence;
    private final Broker broker;
    private final Codec codec;
    private final Supplier<List<LocalConnection>> localConnections;

    public PresenceHeartbeat(ValkeyPresence presence, Broker broker, Codec codec,
                             Supplier<List<LocalConnection>> localConnections) {
        this.presence = presence;
        this.broker = broker;
        this.codec = codec;
        this.localConnections = localConnections;
    }

    @Override
    public void run() {
        try {
            var beat = presence.heartbeat();
            beat.offline().forEach(this::announce);
            if (beat.lost()) {
                rejoin();
            }
        } catch (RuntimeException e) {
            // The next beat tries again; if beats keep failing for longer than the time to live,
            // other nodes take this node's users offline, and the first beat that works brings them back.
            log.warn("presence heartbeat failed: {}", e.getMessage());
        }
    }

    private void rejoin() {
        var open = localConnections.get();
        log.info("presence of this node's {} connections was lost (Valkey lost its data, or this node was cut off); "
                + "registering them again", open.size());
        for (var connection : open) {
            if (presence.join(connection.user(), connection.connectionId())) {
                announce(connection.user());
            }
        }
        // A connection that closed meanwhile must not stay counted: leave again what is no longer open.
        var stillOpen = localConnections.get();
        for (var connection : open) {
            if (!stillOpen.contains(connection) && presence.leave(connection.user().id(), connection.connectionId())) {
                announce(new UserStatus(connection.user().username(), connection.user().id(), false));
            }
        }
    }

    private void announce(UserStatus user) {
        broker.publish(NodeEvent.PresenceChanged.of(codec, user));
    }
}
