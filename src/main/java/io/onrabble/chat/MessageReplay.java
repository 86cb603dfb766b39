package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;

import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a resuming client missed: the messages after its {@link ResumePoint}, read from the recent
 * ring when the ring reaches back that far, else from the database (after the durable queue was
 * flushed to it) merged with the ring, which may hold messages the database does not have yet. More
 * than the replay bound of a kind, or an id the server never handed out, means a resync instead.
 * Blocking.
 */
public final class MessageReplay {
    /** The answer to a resume. */
    public sealed interface Outcome {
    }

    /** Every message stored after the resume point, oldest first, each kind at most the bound. */
    public record Missed(List<ChatMessage> messages, List<PrivateMessage> privateMessages) implements Outcome {
    }

    /** The client must take the full history instead; {@code reason} is the wire's, {@code maxMessages} the bound. */
    public record Resync(String reason, int maxMessages) implements Outcome {
        static final String TOO_FAR_BEHIND = "too_far_behind";
        static final String UNKNOWN_POSITION = "unknown_position";
        static final String UNAVAILABLE = "unavailable";
    }

    private final MessageJournal journal;
    private final MessageStore store;
    private final int bound;

    public MessageReplay(MessageJournal journal, MessageStore store, HistorySettings settings) {
        this.journal = journal;
        this.store = store;
        this.bound = settings.resumeMaxMessages();
    }

    /**
     * What the user missed since {@code point}. A database that cannot be read means a resync too:
     * the full history needs only the ring, so the client still connects (as without a resume).
     */
    public Outcome since(ResumePoint point, String userId) {
        List<ChatMessage> messages;
        List<PrivateMessage> privateMessages;
        try {
            messages = after(point.publicId(), journal::recentPublic, () -> store.publicAfter(point.publicId(), bound + 1),
                    store::maxPublicId, ChatMessage::id);
            privateMessages = after(point.privateId(), () -> journal.recentPrivate(userId),
                    () -> store.privateAfter(userId, point.privateId(), bound + 1), store::maxPrivateId, PrivateMessage::id);
        } catch (StoreException e) {
            return new Resync(Resync.UNAVAILABLE, bound);
        }
        if (messages == null || privateMessages == null) {
            return new Resync(Resync.UNKNOWN_POSITION, bound);
        }
        if (messages.size() > bound || privateMessages.size() > bound) {
            return new Resync(Resync.TOO_FAR_BEHIND, bound);
        }
        return new Missed(messages, privateMessages);
    }

    /** The messages after {@code afterId}, oldest first (more than the bound when too many); null for an unknown id. */
    private <T> List<T> after(long afterId, Supplier<List<T>> ring, Supplier<List<T>> stored, LongSupplier maxStored,
                              ToLongFunction<T> id) {
        var recent = ring.get();
        var newest = recent.isEmpty() ? 0 : id.applyAsLong(recent.getLast());
        // The database is asked only when the ring's newest id is below the client's.
        if (afterId > newest && afterId > maxStored.getAsLong()) {
            return null; // the client holds an id beyond any stored (another server's, or a database restored from a backup)
        }
        if (!recent.isEmpty() && id.applyAsLong(recent.getFirst()) <= afterId) {
            // The ring holds every message from its first on, so it holds all the client missed.
            return recent.stream().filter(m -> id.applyAsLong(m) > afterId).toList();
        }
        journal.awaitFlushed();
        var byId = new TreeMap<Long, T>();
        stored.get().forEach(m -> byId.put(id.applyAsLong(m), m));
        recent.stream().filter(m -> id.applyAsLong(m) > afterId).forEach(m -> byId.putIfAbsent(id.applyAsLong(m), m));
        return List.copyOf(byId.values());
    }
}
