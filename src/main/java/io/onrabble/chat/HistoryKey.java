package io.onrabble.chat;

/**
 * What a live frame says that a connect sequence may say already: a frame held back while a
 * session's history is written is dropped when the history holds its key. Keys are ids, not
 * messages, so a frame that arrived as bytes from another node needs no decoding to be compared.
 */
public sealed interface HistoryKey {
    /** A frame no history repeats (deletions, channel lists). */
    HistoryKey NONE = new None();

    record PublicMessage(long id) implements HistoryKey {
    }

    record PrivateMessage(long id) implements HistoryKey {
    }

    /** A user's status, which {@code connected_users}, written last, tells that very user. */
    record Status(String userId) implements HistoryKey {
    }

    record None() implements HistoryKey {
    }
}
