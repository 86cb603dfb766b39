package io.onrabble.chat;

import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A session registered with the hub. Until its connect sequence is written, live frames are held
 * back so they follow the history instead of racing it; held frames already in the history are dropped.
 */
final class Member {
    private final Session session;
    private List<Frame> held = new ArrayList<>();

    Member(Session session) {
        this.session = session;
    }

    Session session() {
        return session;
    }

    String userId() {
        return session.principal().userId();
    }

    synchronized void deliver(Frame frame) {
        if (held != null) {
            held.add(frame);
        } else {
            session.send(frame);
        }
    }

    /** Writes the connect sequence, then the frames held meanwhile (less what the sequence already says), then {@code last}; from now on delivery is direct. */
    synchronized void goLive(List<Frame> history, Set<Object> historyMessages, Frame last) {
        history.forEach(session::send);
        for (var frame : held) {
            var duplicate = switch (frame.message()) {
                case ServerMessage.Chat chat -> historyMessages.contains(chat.message());
                case ServerMessage.Private dm -> historyMessages.contains(dm.message());
                // its own arrival: connected_users, written last, already says so
                case ServerMessage.Presence presence -> presence.user().id().equals(userId());
                default -> false;
            };
            if (!duplicate) {
                session.send(frame);
            }
        }
        session.send(last);
        held = null;
    }
}
