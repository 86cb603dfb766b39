package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.MessageStore;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded adapter: ids and rings live in process, and the durable queue is the database
 * itself, written by group commit, so an append returns only once the message is committed.
 * Rings are warmed from the database, so history survives restarts.
 */
public final class EmbeddedJournal implements MessageJournal {
    private static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 10_000;
    /** Private rings kept in memory at once; older ones are reloaded from the database on demand. */
    private static final int MAX_PRIVATE_RINGS = 10_000;

    private final MessageStore store;
    private final int ringSize;
    private final AtomicLong publicIds;
    private final AtomicLong privateIds;
    private final Deque<ChatMessage> publicRing;
    private final Map<String, Deque<PrivateMessage>> privateRings;
    /** Private appends so far, counted under the rings' lock: a ring read meanwhile may lack one. */
    private long privateAppends;
    private final GroupCommitter<ChatMessage, ChatMessage> publicWriter;
    private final GroupCommitter<PrivateMessage, PrivateMessage> privateWriter;

    private EmbeddedJournal(MessageStore store, int ringSize, long maxPublicId, long maxPrivateId,
                            List<ChatMessage> recentPublic, GroupCommitter<ChatMessage, ChatMessage> publicWriter,
                            GroupCommitter<PrivateMessage, PrivateMessage> privateWriter) {
        this.store = store;
        this.ringSize = ringSize;
        this.publicIds = new AtomicLong(maxPublicId);
        this.privateIds = new AtomicLong(maxPrivateId);
        this.publicRing = new ArrayDeque<>(recentPublic);
        this.privateRings = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<PrivateMessage>> eldest) {
                return size() > MAX_PRIVATE_RINGS;
            }
        };
        this.publicWriter = publicWriter;
        this.privateWriter = privateWriter;
    }

    /** Reads the highest ids and the recent public messages from the database, then starts the writers. */
    public static EmbeddedJournal open(MessageStore store, int ringSize, Metrics metrics) {
        var maxPublicId = store.maxPublicId();
        var maxPrivateId = store.maxPrivateId();
        var recentPublic = store.recentPublic(ringSize);
        return new EmbeddedJournal(store, ringSize, maxPublicId, maxPrivateId, recentPublic,
                GroupCommitter.storing("public-writer", store::insertPublic, MAX_BATCH, QUEUE_CAPACITY, metrics::committed),
                GroupCommitter.storing("private-writer", store::insertPrivate, MAX_BATCH, QUEUE_CAPACITY,
                        metrics::committed));
    }

    @Override
    public ChatMessage appendPublic(ChatMessage draft) {
        var message = draft.withId(publicIds.incrementAndGet());
        publicWriter.commit(message);
        remember(message);
        return message;
    }

    @Override
    public PrivateMessage appendPrivate(PrivateMessage draft) {
        var message = draft.withId(privateIds.incrementAndGet());
        privateWriter.commit(message);
        remember(message);
        return message;
    }

    @Override
    public CompletableFuture<ChatMessage> submitPublic(ChatMessage draft) {
        var message = draft.withId(publicIds.incrementAndGet());
        return publicWriter.submit(message).thenApply(committed -> {
            remember(message);
            return message;
        });
    }

    @Override
    public CompletableFuture<PrivateMessage> submitPrivate(PrivateMessage draft) {
        var message = draft.withId(privateIds.incrementAndGet());
        return privateWriter.submit(message).thenApply(committed -> {
            remember(message);
            return message;
        });
    }

    private void remember(ChatMessage message) {
        synchronized (publicRing) {
            publicRing.addLast(message);
            while (publicRing.size() > ringSize) {
                publicRing.removeFirst();
            }
        }
    }

    private void remember(PrivateMessage message) {
        synchronized (privateRings) {
            privateAppends++;
            appendIfLoaded(message.ownerId(), message);
            if (!message.recipientId().equals(message.ownerId())) {
                appendIfLoaded(message.recipientId(), message);
            }
        }
    }

    private void appendIfLoaded(String userId, PrivateMessage message) {
        var ring = privateRings.get(userId);
        if (ring == null || ring.stream().anyMatch(m -> m.id() == message.id())) {
            return; // not loaded (the database has it) or loaded after the commit (already there)
        }
        ring.addLast(message);
        while (ring.size() > ringSize) {
            ring.removeFirst();
        }
    }

    @Override
    public List<ChatMessage> recentPublic() {
        synchronized (publicRing) {
            return List.copyOf(publicRing);
        }
    }

    @Override
    public List<PrivateMessage> recentPrivate(String userId) {
        long appendsBefore;
        synchronized (privateRings) {
            var ring = privateRings.get(userId);
            if (ring != null) {
                return List.copyOf(ring);
            }
            appendsBefore = privateAppends;
        }
        // Read without the lock: a connect storm's first reads must not wait for each other. The ring
        // is kept only if no private message was appended meanwhile (it could be committed after this
        // read and skipped by appendIfLoaded before the ring exists); else read again under the lock.
        var read = store.recentPrivate(userId, ringSize);
        synchronized (privateRings) {
            var ring = privateRings.get(userId);
            if (ring == null && privateAppends == appendsBefore) {
                ring = new ArrayDeque<>(read);
                privateRings.put(userId, ring);
            } else if (ring == null) {
                ring = new ArrayDeque<>(store.recentPrivate(userId, ringSize));
                privateRings.put(userId, ring);
            }
            return List.copyOf(ring);
        }
    }

    /** The queue is the database here (a message is committed before it enters the ring): the ring, then the database. */
    @Override
    public List<Long> deletePublic(Collection<Long> ids, Instant deletedAt) {
        var wanted = new HashSet<>(ids);
        var deleted = new TreeSet<Long>();
        synchronized (publicRing) {
            publicRing.stream().map(ChatMessage::id).filter(wanted::contains).forEach(deleted::add);
            publicRing.removeIf(m -> wanted.contains(m.id()));
        }
        deleted.addAll(store.deletePublic(ids, List.copyOf(deleted), deletedAt));
        return List.copyOf(deleted);
    }

    @Override
    public Optional<ChatMessage> findPublic(long id) {
        synchronized (publicRing) {
            for (var message : publicRing) {
                if (message.id() == id) {
                    return Optional.of(message);
                }
            }
        }
        return store.findPublic(id);
    }

    /** The database first (committed before the ring, as an append): a message deleted meanwhile takes no edit. */
    @Override
    public boolean editPublic(ChatMessage message, MessageEdit edit) {
        if (store.editPublic(List.of(edit)) == 0) {
            return false;
        }
        synchronized (publicRing) {
            var ring = new ArrayList<>(publicRing);
            publicRing.clear();
            ring.forEach(m -> publicRing.addLast(m.id() == edit.id() ? m.edited(edit) : m));
        }
        return true;
    }

    @Override
    public void removeChannel(long channelId) {
        synchronized (publicRing) {
            publicRing.removeIf(m -> m.channelId() == channelId);
        }
    }

    /** Nothing to wait for: an append returns only once the database committed it. */
    @Override
    public void awaitFlushed() {
    }

    @Override
    public void close() {
        publicWriter.close();
        privateWriter.close();
    }
}
