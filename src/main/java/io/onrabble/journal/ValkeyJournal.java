package io.onrabble.journal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The production adapter: ids, rings and the durable queue live in Valkey, shared by every node.
 * One script per send assigns the id, appends to the ring(s) and to the queue stream, so an
 * append that returns is in the stream (as durable as Valkey's append-only file makes it) and
 * may be acked. A {@link ValkeyFlusher} moves the stream into the database; {@link DeletedMessages}
 * keeps deleted messages deleted, {@link EditedMessages} edited ones edited.
 */
public final class ValkeyJournal implements MessageJournal {
    private static final Logger log = LoggerFactory.getLogger(ValkeyJournal.class);

    /** The error journal/append.lua raises when the id counter is missing; the two must match. */
    private static final String NO_COUNTER = "ONRABBLE_NO_COUNTER";

    /**
     * KEYS: id counter, queue stream, then one or two rings. ARGV: the draft's JSON object
     * without its id, ring size, kind. Refuses to start a counter from scratch: ids must stay
     * above every id already in the database, or new messages would collide with stored ones
     * and the idempotent insert would silently drop them.
     */
    private static final ValkeyScript APPEND = ValkeyScript.load("journal/append");

    /** KEYS: id counter. ARGV: the database's highest id. Raises the counter to it, never lowers it. */
    private static final ValkeyScript RAISE_COUNTER = ValkeyScript.load("journal/raise-counter");

    /** How long a search waits for the queue to reach the database before it runs anyway. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

    private final StatefulRedisConnection<String, String> connection;
    private final ValkeyKeys keys;
    private final MessageStore store;
    private final int ringSize;
    private final DeletedMessages deleted;
    private final EditedMessages edited;
    private final RecentRings rings;
    private ValkeyFlusher flusher;

    private ValkeyJournal(StatefulRedisConnection<String, String> connection, ValkeyKeys keys, MessageStore store,
                          int ringSize) {
        this.connection = connection;
        this.keys = keys;
        this.store = store;
        this.ringSize = ringSize;
        this.deleted = new DeletedMessages(connection.sync(), keys, store);
        this.edited = new EditedMessages(connection.sync(), keys, store);
        this.rings = new RecentRings(connection, keys, store, ringSize);
    }

    /**
     * Raises the id counters to the database's highest ids and starts the flusher.
     *
     * @param connection shared by every sender (Lettuce pipelines concurrent calls on it)
     * @param flusherConnection used only by the flusher, whose reads block
     */
    public static ValkeyJournal start(StatefulRedisConnection<String, String> connection,
                                      StatefulRedisConnection<String, String> flusherConnection, String keyPrefix,
                                      MessageStore store, int ringSize, FlushPolicy policy, String consumerName,
                                      Duration finalFlushTimeout, Metrics metrics) {
        var journal = new ValkeyJournal(connection, new ValkeyKeys(keyPrefix), store, ringSize);
        journal.raiseCounters();
        journal.flusher = ValkeyFlusher.start(new FlushQueue(flusherConnection.sync(), journal.keys, consumerName),
                journal.deleted, journal.edited, new BatchWriter(store), policy, finalFlushTimeout, metrics);
        return journal;
    }

    /** Makes both id counters at least the database's highest ids (a Valkey that lost its data must not reuse ids). */
    private void raiseCounters() {
        var commands = connection.sync();
        long publicFloor = store.maxPublicId();
        long privateFloor = store.maxPrivateId();
        RAISE_COUNTER.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.publicIds()}, Long.toString(publicFloor));
        RAISE_COUNTER.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.privateIds()}, Long.toString(privateFloor));
    }

    @Override
    public ChatMessage appendPublic(ChatMessage draft) {
        var id = append(JournalEntries.draft(draft), JournalEntries.PUBLIC, keys.publicIds(), List.of(keys.publicRing()));
        return draft.withId(id);
    }

    @Override
    public PrivateMessage appendPrivate(PrivateMessage draft) {
        var rings = new LinkedHashSet<String>(); // a note to oneself goes into one ring once
        rings.add(keys.privateRing(draft.ownerId()));
        rings.add(keys.privateRing(draft.recipientId()));
        var id = append(JournalEntries.draft(draft), JournalEntries.PRIVATE, keys.privateIds(), List.copyOf(rings));
        return draft.withId(id);
    }

    private long append(String draftJson, String kind, String counter, List<String> rings) {
        var scriptKeys = new ArrayList<String>(2 + rings.size());
        scriptKeys.add(counter);
        scriptKeys.add(keys.queue());
        scriptKeys.addAll(rings);
        var keyArray = scriptKeys.toArray(String[]::new);
        try {
            try {
                return run(keyArray, draftJson, kind);
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() == null || !e.getMessage().contains(NO_COUNTER)) {
                    throw e;
                }
                log.warn("Valkey has no message id counter (it lost its data or is new): raising it to the database's highest id");
                raiseCounters();
                return run(keyArray, draftJson, kind);
            }
        } catch (RedisException e) {
            // Includes a command timeout: the script may have run, so the sender may retry and store it twice,
            // but nothing unconfirmed is ever acked.
            throw new JournalUnavailableException("Valkey could not store the message: " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new JournalUnavailableException("the database could not be read to restore the id counter: " + e.getMessage(), e);
        }
    }

    private long run(String[] scriptKeys, String draftJson, String kind) {
        Long id = APPEND.run(connection.sync(), ScriptOutputType.INTEGER, scriptKeys, draftJson, Integer.toString(ringSize), kind);
        return id;
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

    /** A message that left the ring may still be queued: after the ring and the database, a flush and the database again. */
    @Override
    public Optional<ChatMessage> findPublic(long id) {
        return rings.findPublic(id).or(() -> store.findPublic(id)).or(() -> {
            flusher.flushNow(FLUSH_WAIT);
            return store.findPublic(id);
        });
    }

    @Override
    public boolean editPublic(ChatMessage message, MessageEdit edit) {
        return edited.edit(message, edit);
    }

    @Override
    public void removeChannel(long channelId) {
        deleted.removeChannel(channelId);
    }

    @Override
    public void awaitFlushed() {
        flusher.flushNow(FLUSH_WAIT);
    }

    /** Stops the flusher after a final flush; the connections belong to the caller. */
    @Override
    public void close() {
        flusher.close();
    }
}
