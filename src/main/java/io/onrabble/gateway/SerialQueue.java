package io.onrabble.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs a session's tasks one after another on a shared executor, so its messages are handled in
 * the order they arrived. Bounded: a client that floods it is refused.
 */
final class SerialQueue {
    private final Executor executor;
    private final int capacity;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialQueue(Executor executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
    }

    /** Queues a task; false when the queue is full. */
    boolean offer(Runnable task) {
        return enqueue(task, false);
    }

    /** Queues a task that must run (cleanup), whatever the bound. */
    void force(Runnable task) {
        enqueue(task, true);
    }

    private synchronized boolean enqueue(Runnable task, boolean force) {
        if (!force && tasks.size() >= capacity) {
            return false;
        }
        tasks.add(task);
        if (!running) {
            running = true;
            executor.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            task.run();
        }
    }
}
