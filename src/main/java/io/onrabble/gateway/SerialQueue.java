package io.onrabble.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs a session's tasks one after another on a shared executor, so its messages are handled in
 * the order they arrived. The queue is busy from the moment {@code highWater} tasks wait until they
 * drop to half of it, and {@code onBusyChange} runs after each change (the gateway then pauses or
 * resumes reading the socket). A flooding client is thus slowed by TCP backpressure, and nothing is
 * dropped. A task that throws is logged and the queue goes on with the next one.
 */
final class SerialQueue {
    private static final Logger log = LoggerFactory.getLogger(SerialQueue.class);
    private final Executor executor;
    private final int highWater;
    private final Runnable onBusyChange;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private boolean busy;

    /**
     * {@code onBusyChange} runs outside the queue's lock, so two calls from different threads may run
     * in either order: it must read {@link #busy()} when it acts, not assume which change it follows.
     */
    SerialQueue(Executor executor, int highWater, Runnable onBusyChange) {
        this.executor = executor;
        this.highWater = highWater;
        this.onBusyChange = onBusyChange;
    }

    void submit(Runnable task) {
        boolean becameBusy;
        synchronized (this) {
            tasks.add(task);
            becameBusy = !busy && tasks.size() >= highWater;
            busy |= becameBusy;
            if (!running) {
                running = true;
                executor.execute(this::drain);
            }
        }
        if (becameBusy) {
            onBusyChange.run();
        }
    }

    /** Whether the queue is past its high water and has not yet drained to half of it. */
    synchronized boolean busy() {
        return busy;
    }

    private void drain() {
        while (true) {
            Runnable task;
            boolean becameIdle;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
                becameIdle = busy && tasks.size() <= highWater / 2;
                busy &= !becameIdle;
            }
            if (becameIdle) {
                onBusyChange.run();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("a queued task failed; going on with the next", e);
            }
        }
    }
}
