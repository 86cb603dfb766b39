package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of the connect sequence every session shares: {@code bulk_chat_messages} and
 * {@code active_channels}, encoded once per change and the same bytes handed to every joining
 * session, so a connect storm costs no encoding per connect. A change is any event that alters what
 * they show (a message, a deletion, a channel change); the node event handler reports it with
 * {@link #changed}, on every node, before the event's frame reaches the sessions. A session
 * registered before that report gets the event live; one registered after it reads a fresh copy.
 */
public final class PublicHistory {
    /** What a joining session is shown; {@code messages} is null when there are none. */
    public record Shared(Frame messages, Frame channels, ShownHistory shown) {
    }

    private record Cached(long version, Shared shared) {
    }

    private final MessageJournal journal;
    private final ChannelDirectory channels;
    private final Codec codec;
    private final AtomicLong version = new AtomicLong();
    private volatile Cached cached;

    public PublicHistory(MessageJournal journal, ChannelDirectory channels, Codec codec) {
        this.journal = journal;
        this.channels = channels;
        this.codec = codec;
    }

    /** The history as of now; read and encoded again only when something changed since the last read. */
    public Shared current() {
        var hit = cached;
        if (hit != null && hit.version() == version.get()) {
            return hit.shared();
        }
        // One reader encodes; a storm of joining sessions waits for its result instead of each encoding it.
        synchronized (this) {
            var seen = version.get();
            hit = cached;
            if (hit != null && hit.version() == seen) {
                return hit.shared();
            }
            var shared = read();
            cached = new Cached(seen, shared);
            return shared;
        }
    }

    /** Something the history shows changed: the next joining session reads it again. */
    public void changed() {
        version.incrementAndGet();
    }

    private Shared read() {
        var recent = journal.recentPublic();
        var messages = recent.isEmpty() ? null : codec.frame(new ServerMessage.BulkChatMessages(recent));
        var list = codec.frame(new ServerMessage.ActiveChannels(channels.all()));
        return new Shared(messages, list, ShownHistory.of(recent.stream().map(ChatMessage::id).toList(), List.of()));
    }
}
