package io.onrabble.chat;

/**
 * What a live frame says that a session's connect sequence may have said already (see
 * {@link ShownHistory}). Keys are ids, not messages, so a frame that arrived as bytes from another
 * node needs no decoding to be compared.
 */
public sealed interface HistoryKey {
    /** A frame no history repeats (deletions, channel lists). */
    HistoryKey NONE = new None();

    record PublicMessage(long id) implements HistoryKey {
    }

    record PrivateMessage(long id) implements HistoryKey {
    }

    /** Who is online: while a session is joining, the presence snapshot written last supersedes it. */
    HistoryKey PRESENCE = new Presence();

    record Presence() implements HistoryKey {
    }

    record None() implements HistoryKey {
    }
}
