package io.onrabble.journal;

import io.onrabble.metrics.Metrics;
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
 * Moves the queue stream into the database on its own thread: when to flush (policy, requests,
 * shutdown) and what to do on failure. It reads through the consumer group ({@link FlushQueue}),
 * so several nodes share the work; an entry is acknowledged and deleted only after the database
 * committed it, so entries that arrive during a flush, or that a crashed node had taken, are never
 * lost (the latter are claimed back once idle). What to write is a {@link FlushPlan}, written by a
 * {@link BatchWriter}; inserts are idempotent on the message id, so the at-least-once delivery
 * stores each message exactly once. Deleted messages stay deleted through {@link DeletedMessages};
 * edited ones are written with their edit through {@link EditedMessages}.
 * While the database is unreachable, the flusher keeps its batch and retries with exponential backoff.
 */
final class ValkeyFlusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ValkeyFlusher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final FlushQueue queue;
    private final DeletedMessages deleted;
    private final EditedMessages edited;
    private final BatchWriter writer;
    private final FlushPolicy policy;
    private final Duration finalFlushTimeout;
    private final Metrics metrics;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread worker;
    /** Entries this node has taken from the stream and not yet committed, by stream id, oldest first. */
    private final Map<String, QueueEntry> batch = new LinkedHashMap<>();
    /** Callers waiting for everything queued so far to be written (a search about to run). */
    private final List<CompletableFuture<Void>> flushRequests = new CopyOnWriteArrayList<>();
    /** Released by a flush request or by close, so the idle worker reacts at once instead of after its poll. */
    private final Semaphore wake = new Semaphore(0);
    private long lastFlushNanos;
    private long lastClaimNanos = System.nanoTime();

    private ValkeyFlusher(FlushQueue queue, DeletedMessages deleted, EditedMessages edited, BatchWriter writer,
                          FlushPolicy policy, Duration finalFlushTimeout, Metrics metrics) {
        this.queue = queue;
        this.deleted = deleted;
        this.edited = edited;
        this.writer = writer;
        this.policy = policy;
        this.finalFlushTimeout = finalFlushTimeout;
        this.metrics = metrics;
        // The first flush is due at once: what a crashed predecessor left in the stream is written at start.
        this.lastFlushNanos = System.nanoTime() - policy.interval().toNanos();
        this.worker = Thread.ofPlatform().name("valkey-flusher").unstarted(this::run);
    }

    /** Creates the consumer group, deletes and edits again what an interrupted flush left, and starts the thread. */
    static ValkeyFlusher start(FlushQueue queue, DeletedMessages deleted, EditedMessages edited, BatchWriter writer,
                               FlushPolicy policy, Duration finalFlushTimeout, Metrics metrics) {
        queue.createGroup();
        deleted.deleteAllAgain();
        edited.applyAllAgain();
        var flusher = new ValkeyFlusher(queue, deleted, edited, writer, policy, finalFlushTimeout, metrics);
        flusher.worker.start();
        return flusher;
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
                queue.recover(e);
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
        var length = queue.length();
        metrics.queueLength(length);
        return length >= policy.batchSize();
    }

    /** Takes up to one batch (claimed from dead consumers first, then new entries) and writes it. */
    private int flushOnce() {
        claim();
        if (batch.size() < policy.batchSize()) {
            take(queue.read(policy.batchSize() - batch.size()));
        }
        var written = writeHeld();
        lastFlushNanos = System.nanoTime();
        return written;
    }

    /** Takes over entries other consumers (dead nodes) have held longer than the claim-idle time. */
    private void claim() {
        if (batch.size() < policy.batchSize()) {
            take(queue.claim(policy.batchSize() - batch.size(), policy.claimIdle()));
        }
        lastClaimNanos = System.nanoTime();
    }

    private void take(List<QueueEntry> entries) {
        entries.forEach(entry -> batch.putIfAbsent(entry.streamId(), entry));
    }

    /**
     * Writes what this node holds and returns how many entries that was; on return the batch is
     * empty. Throws when the database or Valkey is unreachable, keeping the batch for the retry.
     */
    private int writeHeld() {
        var held = List.copyOf(batch.values());
        if (held.isEmpty()) {
            return 0;
        }
        var started = System.nanoTime();
        var publicIds = FlushPlan.publicIds(held);
        var plan = FlushPlan.of(held, deleted.among(publicIds).keySet(), edited.among(publicIds));
        var outcome = writer.write(plan);
        deleted.deleteAgainIfDeleted(outcome.writtenPublic());
        edited.applyAgainIfEdited(outcome.writtenPublic());
        var done = new ArrayList<>(outcome.written());
        done.addAll(plan.skipped());
        queue.acknowledge(done);
        done.forEach(batch::remove);
        for (var letter : plan.malformed()) {
            bury(letter);
        }
        for (var letter : outcome.refused()) {
            bury(letter);
        }
        metrics.flushed(held.size(), Duration.ofNanos(System.nanoTime() - started));
        return held.size();
    }

    private void bury(FlushPlan.DeadLetter letter) {
        queue.bury(letter);
        batch.remove(letter.entry().streamId());
        metrics.deadLettered();
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
}
