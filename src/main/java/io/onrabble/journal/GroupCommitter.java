package io.onrabble.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Writes items in batches on one thread: many concurrent senders share each commit, and each
 * sender learns whether its own item was committed. The queue is bounded; a full queue refuses.
 */
final class GroupCommitter<T> implements AutoCloseable {
    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending<T>> queue;
    private final Consumer<List<T>> sink;
    private final int maxBatch;
    private final Thread worker;
    private volatile boolean closed;

    private GroupCommitter(String name, Consumer<List<T>> sink, int maxBatch, int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sink = sink;
        this.maxBatch = maxBatch;
        this.worker = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /** A committer whose writer thread {@code name} is running. */
    static <T> GroupCommitter<T> start(String name, Consumer<List<T>> sink, int maxBatch, int capacity) {
        var committer = new GroupCommitter<>(name, sink, maxBatch, capacity);
        committer.worker.start();
        return committer;
    }

    /** Blocks until {@code item} is committed; throws {@link JournalUnavailableException} if it was not. */
    void commit(T item) {
        var pending = new Pending<>(item, new CompletableFuture<Void>());
        if (closed || !queue.offer(pending)) {
            throw new JournalUnavailableException("the write queue is full or closed", null);
        }
        try {
            pending.done().get();
        } catch (ExecutionException e) {
            throw new JournalUnavailableException("could not store the message: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted while storing the message", e);
        }
    }

    private void run() {
        var batch = new ArrayList<Pending<T>>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
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

    private void write(List<Pending<T>> batch) {
        try {
            sink.accept(batch.stream().map(Pending::item).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
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
