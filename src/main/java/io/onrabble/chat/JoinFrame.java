package io.onrabble.chat;

import io.onrabble.protocol.Frame;

/**
 * A frame another feature adds to a joining session's connect sequence (after its private history),
 * e.g. the unread counts of a client that declared read markers. Read before the shared history, so
 * a message it counts is in that history, never also among the live frames that follow it.
 */
@FunctionalInterface
public interface JoinFrame {
    JoinFrame NONE = session -> null;

    /** The frame for {@code session}, or null when it gets none. Blocking is allowed. */
    Frame forJoining(Session session);
}
