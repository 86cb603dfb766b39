package io.onrabble.gateway;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The sends of one connection that are being stored, at most {@code depth} at once, answered in the
 * order they were sent. Each answer waits for its own commit and then publishes and acks (or sends
 * the error frame); answers run one after another, so an ack or error never overtakes an earlier
 * one, and one sender's messages are published in the order of their ids. While {@code depth}
 * sends are pending, {@link #add} blocks the inbound queue: frames wait there, and past its high
 * water the socket is paused, so a flooding client is still slowed by TCP backpressure.
 */
final class PendingSends {
    private final SerialQueue answers;
    private final Semaphore slots;
    private final int depth;

    PendingSends(Executor executor, int depth) {
        // Never more than depth answers wait here: the semaphore is the bound, not the queue's high water.
        this.answers = new SerialQueue(executor, Integer.MAX_VALUE, () -> { });
        this.slots = new Semaphore(depth);
        this.depth = depth;
    }

    /**
     * Runs {@code answer} after every answer added before it; blocks while {@code depth} are pending.
     * The answer blocks until its send is committed (or refused) and must not throw.
     */
    void add(Runnable answer) {
        slots.acquireUninterruptibly();
        answers.submit(() -> {
            try {
                answer.run();
            } finally {
                slots.release();
            }
        });
    }

    /** Blocks until every answer added so far has run (what is not a send waits for the sends before it). */
    void awaitAnswered() {
        slots.acquireUninterruptibly(depth);
        slots.release(depth);
    }
}
