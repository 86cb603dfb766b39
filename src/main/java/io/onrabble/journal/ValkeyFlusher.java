package io.onrabble.journal;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves the queue stream into the database on its own thread. It reads through a consumer group,
 * so several nodes share the work; an entry is acknowledged and deleted only after the database
 * committed it, so entries that arrive during a flush, or that a crashed node had taken, are never
 * lost (the latter are claimed back once idle). Inserts are idempotent on the message id, making
 * the at-least-once delivery store each message exactly once. An entry the database refuses on
 * its own goes to the dead-letter stream and does not hold up the rest; while the database is
 * unreachable, the flusher keeps its batch and retries with exponential backoff.
 */
final class ValkeyFlusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ValkeyFlusher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** KEYS: queue. ARGV: group, then entry ids. Acknowledged entries are deleted in the same step. */
    private static final ValkeyScript ACK_AND_DELETE = ValkeyScript.load("journal/ack-and-delete");

    /** KEYS: queue, dead-letter stream. ARGV: group, entry id, kind, data, error. */
    private static final ValkeyScript BURY = ValkeyScript.load("journal/bury");

    private final RedisCommands<String, String> commands;
    private final ValkeyKeys keys;
    private final MessageStore store;
    private final FlushPolicy policy;
    private final Consumer<String> consumer;
    private final Duration finalFlushTimeout;
    private final Metrics metrics;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread worker;
    /** Entries this node has taken from the stream and not yet committed, by stream id, oldest first. */
    private final Map<String, StreamMessage<String, String>> batch = new LinkedHashMap<>();
    /** Callers waiting for everything queued so far to be written (a search about to run). */
    private final List<CompletableFuture<Void>> flushRequests = new CopyOnWriteArrayList<>();
    /** Released by a flush request or by close, so the idle worker reacts at once instead of after its poll. */
    private final Semaphore wake = new Semaphore(0);
    private long lastFlushNanos;
    private long lastClaimNanos = System.nanoTime();

    ValkeyFlusher(StatefulRedisConnection<String, String> connection, ValkeyKeys keys, MessageStore store,
                  FlushPolicy policy, String consumerName, Duration finalFlushTimeout, Metrics metrics) {
        this.commands = connection.sync();
        this.keys = keys;
        this.store = store;
        this.policy = policy;
        this.consumer = Consumer.from(ValkeyKeys.FLUSH_GROUP, consumerName);
        this.finalFlushTimeout = finalFlushTimeout;
        this.metrics = metrics;
        createGroup();
        deleteRecentlyDeletedAgain();
        // The first flush is due at once: what a crashed predecessor left in the stream is written at start.
        this.lastFlushNanos = System.nanoTime() - policy.interval().toNanos();
        this.worker = Thread.ofPlatform().name("valkey-flusher").start(this::run);
    }

    /**
     * Deletes again, from the database, every message deleted in the last day (the deleted set). A node
     * that crashed after committing a batch but before {@link #undoDeleted} left such a message in the
     * database with its queue entry already gone, and so did one that crashed between an admin's
     * deletion script and its database delete; nothing else would ever remove them. Runs before this
     * node serves history or searches. Idempotent and cheap: a day's deletions, 1 000 ids a statement.
     */
    private void deleteRecentlyDeletedAgain() {
        try {
            var ids = commands.zrange(keys.deleted(), 0, -1).stream().map(Long::valueOf).toList();
            var removed = 0;
            for (int i = 0; i < ids.size(); i += 1_000) {
                removed += store.deletePublic(ids.subList(i, Math.min(ids.size(), i + 1_000))).size();
            }
            if (removed > 0) {
                log.info("removed {} messages an admin had deleted that an interrupted flush or deletion left in the database",
                        removed);
            }
        } catch (RuntimeException e) {
            log.warn("could not check that recently deleted messages stay deleted: {}", e.getMessage());
        }
    }

    /** Creates the stream and its consumer group unless they exist (again after Valkey lost its data). */
    private void createGroup() {
        try {
            commands.xgroupCreate(XReadArgs.StreamOffset.from(keys.queue(), "0"), ValkeyKeys.FLUSH_GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already
        }
    }

    private void run() {
        var backoff = MIN_BACKOFF;
        while (stopping.getCount() > 0) {
            try {
                if (!flushRequests.isEmpty()) {
                    var waiting = List.copyOf(flushRequests);
                    while (flushOnce() > 0) {
                        // until the stream has nothing more for this node
                    }
                    waiting.forEach(request -> request.complete(null));
                    flushRequests.removeAll(waiting);
                    backoff = MIN_BACKOFF;
                } else if (due()) {
                    flushOnce();
                    backoff = MIN_BACKOFF;
                } else if (System.nanoTime() - lastClaimNanos >= policy.claimIdle().toNanos()) {
                    // A dead node's entries are taken over within a claim period, not only at the next flush.
                    claim();
                    writeHeld();
                    backoff = MIN_BACKOFF;
                } else {
                    idle();
                }
            } catch (RuntimeException e) {
                log.warn("flush failed, retrying in {} ms ({} messages held): {}", backoff.toMillis(), batch.size(),
                        e.getMessage());
                recoverGroup(e);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        finalFlush();
    }

    /** A flush is due when a batch is left from a failed attempt, the interval passed, or a full batch waits. */
    private boolean due() {
        if (!batch.isEmpty() || System.nanoTime() - lastFlushNanos >= policy.interval().toNanos()) {
            return true;
        }
        var length = commands.xlen(keys.queue());
        metrics.queueLength(length);
        return length >= policy.batchSize();
    }

    /** Takes up to one batch (claimed from dead consumers first, then new entries) and writes it. */
    private int flushOnce() {
        claim();
        if (batch.size() < policy.batchSize()) {
            take(commands.xreadgroup(consumer, XReadArgs.Builder.count(policy.batchSize() - batch.size()),
                    XReadArgs.StreamOffset.lastConsumed(keys.queue())));
        }
        var written = writeHeld();
        lastFlushNanos = System.nanoTime();
        return written;
    }

    /** Takes over entries other consumers (dead nodes) have held longer than the claim-idle time. */
    private void claim() {
        if (batch.size() < policy.batchSize()) {
            take(commands.xautoclaim(keys.queue(), new XAutoClaimArgs<String>().consumer(consumer)
                    .minIdleTime(policy.claimIdle()).startId("0-0").count(policy.batchSize() - batch.size()))
                    .getMessages());
        }
        lastClaimNanos = System.nanoTime();
    }

    /** Writes what this node holds; returns how many entries that was. */
    private int writeHeld() {
        var written = batch.size();
        if (written > 0) {
            var started = System.nanoTime();
            write();
            metrics.flushed(written, Duration.ofNanos(System.nanoTime() - started));
        }
        return written;
    }

    private void take(List<StreamMessage<String, String>> entries) {
        for (var entry : entries) {
            if (entry.getBody() != null) { // XAUTOCLAIM reports entries deleted meanwhile with no body
                batch.putIfAbsent(entry.getId(), entry);
            }
        }
    }

    /** Writes the held batch; on return it is empty. Throws when the database or Valkey is unreachable. */
    private void write() {
        var publics = new ArrayList<Decoded<ChatMessage>>();
        var privates = new ArrayList<Decoded<PrivateMessage>>();
        for (var entry : List.copyOf(batch.values())) {
            var kind = entry.getBody().get("kind");
            var data = entry.getBody().get("data");
            try {
                if (JournalEntries.PUBLIC.equals(kind)) {
                    publics.add(new Decoded<>(entry.getId(), JournalEntries.chat(data)));
                } else if (JournalEntries.PRIVATE.equals(kind)) {
                    privates.add(new Decoded<>(entry.getId(), JournalEntries.privateMessage(data)));
                } else {
                    throw new IllegalArgumentException("unknown kind '" + kind + "'");
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                bury(entry, "malformed entry: " + e.getMessage());
            }
        }
        try {
            store.insertPublic(publics.stream().map(Decoded::message).toList());
            store.insertPrivate(privates.stream().map(Decoded::message).toList());
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e;
            }
            log.warn("a batch of {} messages was refused ({}); writing them one by one to find the bad ones",
                    publics.size() + privates.size(), e.getMessage());
            publics.forEach(one -> writeAlone(one, () -> store.insertPublic(List.of(one.message()))));
            privates.forEach(one -> writeAlone(one, () -> store.insertPrivate(List.of(one.message()))));
            undoDeleted(publics);
            return;
        }
        undoDeleted(publics);
        acknowledge(batch.keySet().stream().toList());
    }

    /**
     * An admin may have deleted some of these messages while this node held them: the deletion
     * records their ids before it deletes from the database, so checking after the commit catches
     * every such message, and deleting it again here keeps it deleted.
     */
    private void undoDeleted(List<Decoded<ChatMessage>> publics) {
        if (publics.isEmpty()) {
            return;
        }
        var ids = publics.stream().map(one -> String.valueOf(one.message().id())).toArray(String[]::new);
        var scores = commands.zmscore(keys.deleted(), ids);
        var deleted = new ArrayList<Long>();
        for (int i = 0; i < ids.length; i++) {
            if (scores.get(i) != null) {
                deleted.add(Long.valueOf(ids[i]));
            }
        }
        if (!deleted.isEmpty()) {
            store.deletePublic(deleted);
            log.info("removed {} messages deleted by an admin while they were being flushed", deleted.size());
        }
    }

    /** Writes everything queued so far (waiting at most {@code timeout}); a search calls it before it runs. */
    void flushNow(Duration timeout) {
        var request = new CompletableFuture<Void>();
        flushRequests.add(request);
        wake.release();
        try {
            request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("the queue did not reach the database within {}; searching what is there", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flushRequests.remove(request);
        }
    }

    private void writeAlone(Decoded<?> one, Runnable insert) {
        try {
            insert.run();
            acknowledge(List.of(one.streamId()));
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e;
            }
            bury(batch.get(one.streamId()), e.getMessage());
        }
    }

    private void acknowledge(List<String> streamIds) {
        if (streamIds.isEmpty()) {
            return;
        }
        var args = new ArrayList<String>(streamIds.size() + 1);
        args.add(ValkeyKeys.FLUSH_GROUP);
        args.addAll(streamIds);
        ACK_AND_DELETE.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.queue()}, args.toArray(String[]::new));
        streamIds.forEach(batch::remove);
    }

    private void bury(StreamMessage<String, String> entry, String error) {
        log.error("queue entry {} moved to dead-letter stream {}: {}", entry.getId(), keys.deadLetters(), error);
        var body = entry.getBody();
        BURY.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.queue(), keys.deadLetters()},
                ValkeyKeys.FLUSH_GROUP, entry.getId(), String.valueOf(body.get("kind")), String.valueOf(body.get("data")),
                error == null ? "unknown error" : error);
        batch.remove(entry.getId());
        metrics.deadLettered();
    }

    /** After Valkey lost its data the group is gone (NOGROUP): make it again so reading can resume. */
    private void recoverGroup(RuntimeException failure) {
        if (failure instanceof RedisException && failure.getMessage() != null && failure.getMessage().contains("NOGROUP")) {
            try {
                createGroup();
            } catch (RedisException e) {
                log.debug("could not recreate the consumer group yet: {}", e.getMessage());
            }
        }
    }

    /** On shutdown: write everything this node holds and everything waiting in the stream, within the time allowed. */
    private void finalFlush() {
        var deadline = System.nanoTime() + finalFlushTimeout.toNanos();
        try {
            while (System.nanoTime() < deadline && flushOnce() > 0) {
                // keep going until the stream has nothing left for us
            }
            if (!batch.isEmpty()) {
                log.warn("final flush left {} messages in the queue; they are flushed by the next node or start", batch.size());
            }
        } catch (RuntimeException e) {
            log.warn("final flush failed; {} held messages stay in the queue for the next node or start: {}",
                    batch.size(), e.getMessage());
        }
    }

    /** Waits up to one poll interval, or until a flush is requested or the flusher stops. */
    private void idle() {
        try {
            if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    /** Stops after a final flush. */
    @Override
    public void close() {
        stopping.countDown();
        wake.release();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Decoded<T>(String streamId, T message) {
    }
}
