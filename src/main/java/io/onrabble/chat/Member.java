package io.onrabble.chat;

import io.onrabble.protocol.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session in the hub's registry. Until its connect sequence is written, live frames are held back
 * so they follow the history instead of racing it; held frames the history already holds are dropped.
 */
final class Member {
    private record Held(Frame frame, HistoryKey key) {
    }

    private final Session session;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private List<Held> held = new ArrayList<>();
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

    synchronized void deliver(Frame frame, HistoryKey key) {
        if (held != null) {
            held.add(new Held(frame, key));
        } else {
            session.send(frame);
        }
    }

    /**
     * Writes the connect sequence, then the frames held meanwhile (less those whose key is in
     * {@code inHistory}), then {@code last}; from now on delivery is direct.
     */
    synchronized void goLive(List<Frame> history, Set<HistoryKey> inHistory, Frame last) {
        history.forEach(session::send);
        held.stream().filter(h -> !inHistory.contains(h.key())).forEach(h -> session.send(h.frame()));
        session.send(last);
        held = null;
    }
}
