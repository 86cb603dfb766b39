package io.onrabble.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes items in batches on one thread: many concurrent senders share each commit, and each
 * sender learns what became of its own item: the sink returns one result per item, in order (the
 * item with the id the database gave it, say), or null for an item the database refused on its own.
 * The queue is bounded; a full queue holds the sender up to {@link #ROOM_WAIT} (its connection stops
 * being read meanwhile: backpressure, as a slow database should cause), then refuses. One batch at a time, in the order of the queue, so
 * items submitted one after another are written (and get their ids) in that order; a sender that
 * keeps several items queued (see {@link #submit}) fills the batches instead of a second writer.
 */
final class GroupCommitter<T, R> implements AutoCloseable {
    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    /** How long a sender waits for room in a full queue before its item is refused as unavailable. */
    static final Duration ROOM_WAIT = Duration.ofSeconds(2);

    private final BlockingQueue<Pending<T, R>> queue;
    private final Function<List<T>, List<R>> sink;
    private final int maxBatch;
    private final Consumer<Duration> batchTimes;
    private final Thread worker;
    private volatile boolean closed;

    private GroupCommitter(String name, Function<List<T>, List<R>> sink, int maxBatch, int capacity,
                           Consumer<Duration> batchTimes) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sink = sink;
        this.maxBatch = maxBatch;
        this.batchTimes = batchTimes;
        this.worker = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /**
     * A committer whose writer thread {@code name} is running; {@code batchTimes} learns how long
     * each batch took to write (committed or not).
     */
    static <T, R> GroupCommitter<T, R> start(String name, Function<List<T>, List<R>> sink, int maxBatch, int capacity,
                                             Consumer<Duration> batchTimes) {
        var committer = new GroupCommitter<>(name, sink, maxBatch, capacity, batchTimes);
        committer.worker.start();
        return committer;
    }

    /** A running committer whose sink stores the items as they are (their ids are assigned already). */
    static <T> GroupCommitter<T, T> storing(String name, Consumer<List<T>> sink, int maxBatch, int capacity,
                                            Consumer<Duration> batchTimes) {
        return start(name, batch -> {
            sink.accept(batch);
            return batch;
        }, maxBatch, capacity, batchTimes);
    }

    /**
     * Queues {@code item}; the future completes with its result once it is committed, or fails with
     * {@link JournalUnavailableException}. Items are written in the order submitted. Blocks while the
     * queue is full, up to {@link #ROOM_WAIT}.
     */
    CompletableFuture<R> submit(T item) {
        var pending = new Pending<T, R>(item, new CompletableFuture<>());
        try {
            if (closed || !queue.offer(pending, ROOM_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new JournalUnavailableException("the write queue is full or closed", null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new JournalUnavailableException("interrupted while queueing the message", e));
        }
        return pending.done();
    }

    /** Blocks until {@code item} is committed and returns its result; throws {@link JournalUnavailableException} if it was not. */
    R commit(T item) {
        try {
            return submit(item).get();
        } catch (ExecutionException e) {
            throw (JournalUnavailableException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted while storing the message", e);
        }
    }

    private void run() {
        var batch = new ArrayList<Pending<T, R>>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                closed = true;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<T, R>> batch) {
        var started = System.nanoTime();
        try {
            var results = sink.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                var result = results.get(i);
                if (result == null) {
                    batch.get(i).done().completeExceptionally(
                            new JournalUnavailableException("the database refused this message", null));
                } else {
                    batch.get(i).done().complete(result);
                }
            }
        } catch (RuntimeException e) {
            var failure = e instanceof JournalUnavailableException unavailable ? unavailable
                    : new JournalUnavailableException("could not store the message: " + e.getMessage(), e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        } finally {
            batchTimes.accept(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
