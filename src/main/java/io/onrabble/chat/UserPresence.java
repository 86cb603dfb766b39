package io.onrabble.chat;

import io.onrabble.broker.Broker;
import io.onrabble.broker.LocalConnection;
import io.onrabble.broker.NodeEvent;
import io.onrabble.broker.Presence;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.Codec;

import java.util.List;

/**
 * Presence per user, not per connection: a user's first chat connection (on any node) announces
 * them online, their last one offline; a second connection is no news. Admin dashboards (the
 * dashboard client id) are watchers, not chat users, and are left out. Blocking.
 */
public final class UserPresence {
    private final Presence presence;
    private final Broker broker;
    private final Codec codec;
    private final ChatHub hub;
    private final String dashboardClientId;

    public UserPresence(Presence presence, Broker broker, Codec codec, ChatHub hub, String dashboardClientId) {
        this.presence = presence;
        this.broker = broker;
        this.codec = codec;
        this.hub = hub;
        this.dashboardClientId = dashboardClientId;
    }

    /** Counts the session; announces its user online when it is their first connection. */
    void arrive(Session session) {
        if (counts(session) && presence.join(statusOf(session, true), session.id())) {
            broker.publish(NodeEvent.PresenceChanged.of(codec, statusOf(session, true)));
        }
    }

    /** Stops counting the session; announces its user offline when it was their last connection. */
    void depart(Session session) {
        if (counts(session) && presence.leave(session.principal().userId(), session.id())) {
            broker.publish(NodeEvent.PresenceChanged.of(codec, statusOf(session, false)));
        }
    }

    /** The session's user as presence shows them, or null for a dashboard, which presence leaves out. */
    UserStatus shownAs(Session session) {
        return counts(session) ? statusOf(session, true) : null;
    }

    /** This node's open chat connections as presence counts them, for the presence heartbeat. */
    public List<LocalConnection> localConnections() {
        return hub.sessions().stream().filter(this::counts)
                .map(session -> new LocalConnection(statusOf(session, true), session.id())).toList();
    }

    private boolean counts(Session session) {
        return !dashboardClientId.equals(session.principal().clientId());
    }

    private static UserStatus statusOf(Session session, boolean online) {
        return new UserStatus(session.principal().username(), session.principal().userId(), online);
    }
}
