package io.onrabble.moderation;

import io.onrabble.broker.Broker;
import io.onrabble.broker.NodeEvent;
import io.onrabble.protocol.CloseCode;

/**
 * An admin ends a user's sessions: every open connection of the user closes at once, on every node
 * (through the broker, as a ban does), with 4005. Unlike a ban it refuses nothing afterwards: the user
 * may sign in again, which is what ends a session that outlived a revoked identity-provider login.
 */
public final class Disconnects {
    private final Broker broker;

    public Disconnects(Broker broker) {
        this.broker = broker;
    }

    public void endSessions(String userId) {
        broker.publish(new NodeEvent.Disconnect(userId, CloseCode.ENDED_BY_ADMIN, "session ended by an admin"));
    }
}
