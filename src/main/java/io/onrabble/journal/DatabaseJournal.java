package io.onrabble.journal;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;
import io.onrabble.valkey.ValkeyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The production adapter for durability {@code database} (the default): an append commits the
 * message to the database, by group commit (one transaction for every send waiting, across the
 * node's connections), with its id from the database's sequence; only then is it acked. So an
 * acked message and its id survive whatever Valkey loses. Valkey keeps what it is good at: the
 * recent rings (pushed after the commit, rebuilt from the database when Valkey comes back
 * empty), and the queue a node in durability {@code valkey} may have left, which a
 * {@link ValkeyFlusher} still drains. {@link DeletedMessages} keeps deleted messages deleted,
 * {@link EditedMessages} edited ones edited.
 */
public final class DatabaseJournal implements MessageJournal {
    private static final Logger log = LoggerFactory.getLogger(DatabaseJournal.class);
    private static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final MessageStore store;
    private final RecentRings rings;
    private final DeletedMessages deleted;
    private final EditedMessages edited;
    private final ServiceWatch database;
    private final ServiceWatch valkey;
    /** Set when a push to the rings failed (Valkey away): the next push rebuilds them first. */
    private volatile boolean ringsBehind;
    /** Users whose private rings missed a message while Valkey was away. */
    private final Set<String> behindUsers = ConcurrentHashMap.newKeySet();
    // Started by start(), after the constructor (which does no I/O and starts no thread).
    private GroupCommitter<ChatMessage, ChatMessage> publicWriter;
    private GroupCommitter<PrivateMessage, PrivateMessage> privateWriter;
    private ValkeyFlusher flusher;

    private DatabaseJournal(StatefulRedisConnection<String, String> connection, ValkeyKeys keys, MessageStore store,
                            int ringSize, Metrics metrics) {
        this.store = store;
        this.rings = new RecentRings(connection, keys, store, ringSize);
        this.deleted = new DeletedMessages(connection.sync(), keys, store);
        this.edited = new EditedMessages(connection.sync(), keys, store);
        this.database = new ServiceWatch("the database", store::maxPublicId, PROBE_INTERVAL, LOG_INTERVAL, metrics);
        this.valkey = new ServiceWatch("Valkey", () -> connection.sync().ping(), PROBE_INTERVAL, LOG_INTERVAL, metrics);
    }

    /**
     * Raises the id sequences above what another mode stored, rebuilds the rings if Valkey lost them,
     * and starts the flusher for whatever the queue still holds.
     *
     * @param connection shared by every sender (Lettuce pipelines concurrent calls on it)
     * @param flusherConnection used only by the flusher, whose reads block
     */
    public static DatabaseJournal start(StatefulRedisConnection<String, String> connection,
                                        StatefulRedisConnection<String, String> flusherConnection, String keyPrefix,
                                        MessageStore store, int ringSize, FlushPolicy policy, String consumerName,
                                        Duration finalFlushTimeout, Metrics metrics) {
        var keys = new ValkeyKeys(keyPrefix);
        store.raiseIdSequences();
        var journal = new DatabaseJournal(connection, keys, store, ringSize, metrics);
        journal.rings.rebuildIfLost();
        journal.flusher = ValkeyFlusher.start(new FlushQueue(flusherConnection.sync(), keys, consumerName),
                journal.deleted, journal.edited, new BatchWriter(store), policy, finalFlushTimeout, metrics);
        // One writer, so ids follow the order of the queue: a sender with several messages committing
        // at once gets increasing ids in the order it sent them (resume relies on it).
        journal.publicWriter = GroupCommitter.start("public-committer", journal::commitPublic, MAX_BATCH,
                QUEUE_CAPACITY, metrics::committed);
        journal.privateWriter = GroupCommitter.start("private-committer", journal::commitPrivate, MAX_BATCH,
                QUEUE_CAPACITY, metrics::committed);
        return journal;
    }

    @Override
    public ChatMessage appendPublic(ChatMessage draft) {
        database.check();
        valkey.check();
        return publicWriter.commit(draft);
    }

    @Override
    public PrivateMessage appendPrivate(PrivateMessage draft) {
        database.check();
        valkey.check();
        return privateWriter.commit(draft);
    }

    @Override
    public CompletableFuture<ChatMessage> submitPublic(ChatMessage draft) {
        database.check();
        valkey.check();
        return publicWriter.submit(draft);
    }

    @Override
    public CompletableFuture<PrivateMessage> submitPrivate(PrivateMessage draft) {
        database.check();
        valkey.check();
        return privateWriter.submit(draft);
    }

    private List<ChatMessage> commitPublic(List<ChatMessage> drafts) {
        var committed = commit(drafts, store::insertNewPublic);
        var stored = stored(committed);
        pushToRings(() -> rings.pushPublic(stored), List.of(),
                stored.stream().map(ChatMessage::id).collect(java.util.stream.Collectors.toSet()));
        return committed;
    }

    private List<PrivateMessage> commitPrivate(List<PrivateMessage> drafts) {
        var committed = commit(drafts, store::insertNewPrivate);
        var participants = stored(committed).stream()
                .flatMap(m -> java.util.stream.Stream.of(m.ownerId(), m.recipientId())).toList();
        pushToRings(() -> rings.pushPrivate(stored(committed)), participants, Set.of());
        return committed;
    }

    /**
     * One transaction for the batch. A database that does not answer fails the batch (every sender
     * hears 'unavailable') and counts as down; a batch it refuses on its own (bad data) is committed
     * again one message at a time, so only the bad one is refused (a null result).
     */
    private <T> List<T> commit(List<T> drafts, Function<List<T>, List<T>> insert) {
        database.check();
        try {
            return insert.apply(drafts);
        } catch (StoreException e) {
            if (e.isTransient()) {
                database.failed(e);
                throw new JournalUnavailableException("the database could not store the messages: " + e.getMessage(), e);
            }
            if (drafts.size() == 1) {
                log.warn("the database refused a message: {}", e.getMessage());
                return Collections.singletonList(null);
            }
            var results = new ArrayList<T>(drafts.size());
            for (var draft : drafts) {
                results.addAll(commit(List.of(draft), insert));
            }
            return results;
        }
    }

    private static <T> List<T> stored(List<T> results) {
        return results.stream().filter(Objects::nonNull).toList();
    }

    /**
     * The messages are committed whatever happens here. A Valkey that is away leaves the rings
     * behind, repaired by the next push that gets through (history reads fill in from the database
     * meanwhile), and counts as down: until it answers, sends are refused before anything is stored,
     * since they could not be delivered live (only the batches in flight when it went are stored and
     * not delivered; the hub tells those senders so). One push at a time, although batches commit
     * concurrently: a repair then never races another push.
     */
    private synchronized void pushToRings(Runnable push, Collection<String> participants, Set<Long> pushingPublic) {
        try {
            if (ringsBehind) {
                rings.rebuild(pushingPublic);
                rings.forgetPrivate(List.copyOf(behindUsers));
                behindUsers.clear();
                ringsBehind = false;
                log.info("the recent-message rings are repaired after Valkey was away");
            }
            push.run();
        } catch (RedisException | StoreException e) {
            ringsBehind = true;
            behindUsers.addAll(participants);
            if (e instanceof RedisException redis) {
                valkey.failed(redis);
            } else {
                database.failed(e); // the rebuild could not read the database
            }
        }
    }

    @Override
    public List<ChatMessage> recentPublic() {
        return rings.recentPublic();
    }

    @Override
    public List<PrivateMessage> recentPrivate(String userId) {
        return rings.recentPrivate(userId);
    }

    @Override
    public List<Long> deletePublic(Collection<Long> ids, Instant deletedAt) {
        return deleted.delete(ids, deletedAt);
    }

    /** Committed before the rings are pushed, as an append: the ring, then the database. */
    @Override
    public Optional<ChatMessage> findPublic(long id) {
        return rings.findPublic(id).or(() -> store.findPublic(id));
    }

    /** Through the edited hash as in durability 'valkey', for what a queue from that mode still holds. */
    @Override
    public boolean editPublic(ChatMessage message, MessageEdit edit) {
        return edited.edit(message, edit);
    }

    @Override
    public void removeChannel(long channelId) {
        deleted.removeChannel(channelId);
    }

    /** Acked messages are in the database already; what waits is what the queue still holds from the other mode. */
    @Override
    public void awaitFlushed() {
        flusher.flushNow(FLUSH_WAIT);
    }

    /** Commits what is waiting, stops the flusher; the connections belong to the caller. */
    @Override
    public void close() {
        publicWriter.close();
        privateWriter.close();
        database.close();
        valkey.close();
        flusher.close();
    }
}
