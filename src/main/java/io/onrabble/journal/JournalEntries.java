package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.protocol.InternalJson;

/**
 * The JSON of a message as Valkey keeps it in rings and in the queue. A draft is encoded without
 * its id; the append script puts {@code "id":N} in front, so the id and the entry are made in one
 * atomic step. Times are epoch microseconds, as in the database.
 */
final class JournalEntries {
    static final String PUBLIC = "public";
    static final String PRIVATE = "private";

    private JournalEntries() {
    }

    static String draft(ChatMessage m) {
        return InternalJson.write(m, false);
    }

    static String draft(PrivateMessage m) {
        return InternalJson.write(m, false);
    }

    /** A message with its id, as the rings keep it. */
    static String entry(ChatMessage m) {
        return InternalJson.write(m, true);
    }

    static String entry(PrivateMessage m) {
        return InternalJson.write(m, true);
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete public message. */
    static ChatMessage chat(String json) {
        return InternalJson.readChat(json);
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete private message. */
    static PrivateMessage privateMessage(String json) {
        return InternalJson.readPrivate(json);
    }
}
