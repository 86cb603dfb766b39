package io.onrabble.chat;

import io.onrabble.protocol.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session in the hub's registry. Until its connect sequence is written, live frames are held back
 * so they follow the history instead of racing it; frames the history already showed are dropped,
 * held or not.
 */
final class Member {
    private record Held(Frame frame, HistoryKey key) {
    }

    private final Session session;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    /** The channels whose live messages it receives; null: every channel. */
    private volatile Set<String> openChannels;
    private List<Held> held = new ArrayList<>();
    /** What the connect sequence showed; null until it is written. */
    private ShownHistory shown;
    private volatile boolean closed;

    Member(Session session) {
        this.session = session;
    }

    Session session() {
        return session;
    }

    String userId() {
        return session.principal().userId();
    }

    /** The socket closed: nothing more goes to it, while its departure is still being recorded. */
    void closed() {
        closed = true;
    }

    boolean open() {
        return !closed;
    }

    void subscribe(String topic) {
        topics.add(topic);
    }

    boolean subscribed(String topic) {
        return topics.contains(topic);
    }

    Set<String> openChannels() {
        return openChannels;
    }

    void openChannels(Set<String> channels) {
        this.openChannels = Set.copyOf(channels);
    }

    synchronized void deliver(Frame frame, HistoryKey key) {
        if (shown == null) {
            held.add(new Held(frame, key));
        } else if (!shown.shows(key)) {
            session.send(frame);
        }
    }

    /**
     * Writes the connect sequence, then the frames held meanwhile (less what {@code shown} holds, and
     * less presence news, which the snapshot {@code last} supersedes), then {@code last}; from now on
     * delivery is direct, still less what {@code shown} holds.
     */
    synchronized void goLive(List<Frame> history, ShownHistory shown, Frame last) {
        history.forEach(session::send);
        for (var h : held) {
            if (!(h.key() instanceof HistoryKey.Presence) && !shown.shows(h.key())) {
                session.send(h.frame());
            }
        }
        session.send(last);
        held = null;
        this.shown = shown;
    }
}
