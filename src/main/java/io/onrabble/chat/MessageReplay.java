package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.store.EditedMessage;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a resuming client missed: the messages after its {@link ResumePoint}, read from the recent
 * ring when the ring reaches back that far, else from the database (after the durable queue was
 * flushed to it) merged with the ring, which may hold messages the database does not have yet; and
 * the changes to the public messages it holds: those edited, and the ids deleted, since a little
 * before the newest of them was written (it was connected until then). More than the replay bound
 * of a kind, or an id the server never handed out, means a resync instead. Blocking.
 */
public final class MessageReplay {
    /**
     * How far before the newest held message's time changes are looked for: a change's time is taken
     * before it is stored and sent, so a message written just after it may reach a client before the
     * change does, and nodes' clocks differ a little. A change the client saw already is harmless:
     * edits and deletions apply again without effect.
     */
    static final Duration CHANGES_SLACK = Duration.ofMinutes(1);

    /** The answer to a resume. */
    public sealed interface Outcome {
    }

    /**
     * Every message stored after the resume point, oldest first, each kind at most the bound; and the
     * public messages at or below it edited ({@code edited}, by id, as they read now) or deleted while
     * the client was away, each at most the bound too.
     */
    public record Missed(List<ChatMessage> messages, List<PrivateMessage> privateMessages, List<EditedMessage> edited,
                         List<Long> deleted) implements Outcome {
    }

    /** The client must take the full history instead; {@code reason} is the wire's, {@code maxMessages} the bound. */
    public record Resync(String reason, int maxMessages) implements Outcome {
        static final String TOO_FAR_BEHIND = "too_far_behind";
        static final String UNKNOWN_POSITION = "unknown_position";
        static final String UNAVAILABLE = "unavailable";
    }

    /** The changes to the public messages a client holds. */
    private record Changes(List<EditedMessage> edited, List<Long> deleted) {
        static final Changes NONE = new Changes(List.of(), List.of());
    }

    private final MessageJournal journal;
    private final MessageStore store;
    private final int bound;
    private final Clock clock;

    public MessageReplay(MessageJournal journal, MessageStore store, HistorySettings settings, Clock clock) {
        this.journal = journal;
        this.store = store;
        this.bound = settings.resumeMaxMessages();
        this.clock = clock;
    }

    /**
     * What the user missed since {@code point}. A database that cannot be read means a resync too:
     * the full history needs only the ring, so the client still connects (as without a resume).
     */
    public Outcome since(ResumePoint point, String userId) {
        if (bound == 0) {
            return new Resync(Resync.TOO_FAR_BEHIND, bound); // resume is off: even a client that missed nothing resyncs
        }
        List<ChatMessage> messages;
        List<PrivateMessage> privateMessages;
        Changes changes;
        try {
            var recent = journal.recentPublic();
            messages = after(point.publicId(), () -> recent, () -> store.publicAfter(point.publicId(), bound + 1),
                    store::maxPublicId, ChatMessage::id);
            privateMessages = after(point.privateId(), () -> journal.recentPrivate(userId),
                    () -> store.privateAfter(userId, point.privateId(), bound + 1), store::maxPrivateId, PrivateMessage::id);
            if (messages == null || privateMessages == null) {
                return new Resync(Resync.UNKNOWN_POSITION, bound);
            }
            if (messages.size() > bound || privateMessages.size() > bound) {
                return new Resync(Resync.TOO_FAR_BEHIND, bound);
            }
            changes = changes(point.publicId(), recent);
        } catch (StoreException e) {
            return new Resync(Resync.UNAVAILABLE, bound);
        }
        if (changes == null) {
            return new Resync(Resync.TOO_FAR_BEHIND, bound);
        }
        return new Missed(messages, privateMessages, changes.edited(), changes.deleted());
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

    /**
     * The public messages at or below {@code heldId} edited or deleted since shortly before the newest
     * of them still stored was written. Null (a resync) when that message is gone too (nothing held
     * is left to date the client's absence by), when the time is further back than deletions are
     * kept, or when there are more changes of a kind than the bound. Edits and deletions are read from
     * the database, after the durable queue reached it (an edit of a message still queued is written
     * with it), since the ring keeps no time of an edit and nothing of a deletion.
     */
    private Changes changes(long heldId, List<ChatMessage> recent) {
        if (heldId == 0) {
            return Changes.NONE;
        }
        journal.awaitFlushed();
        var authored = newestAuthoredAt(heldId, recent);
        if (authored.isEmpty()) {
            return null;
        }
        var since = authored.get().minus(CHANGES_SLACK);
        if (since.isBefore(clock.instant().minus(MessageStore.DELETIONS_KEPT))) {
            return null;
        }
        var edited = store.editedSince(heldId, since, bound + 1);
        var deleted = store.deletedSince(heldId, since, bound + 1);
        if (edited.size() > bound || deleted.size() > bound) {
            return null;
        }
        return new Changes(edited, deleted);
    }

    /**
     * When the newest message at or below {@code heldId} that still exists was written: from the
     * ring when it reaches back that far (it holds every message from its first on), else the database.
     */
    private Optional<Instant> newestAuthoredAt(long heldId, List<ChatMessage> recent) {
        if (!recent.isEmpty() && recent.getFirst().id() <= heldId) {
            return recent.reversed().stream().filter(m -> m.id() <= heldId).findFirst().map(ChatMessage::authoredAt);
        }
        return store.newestAuthoredAt(heldId);
    }
}
