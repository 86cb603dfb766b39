package io.onrabble.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs a session's tasks one after another on a shared executor, so its messages are handled in
 * the order they arrived. When {@code highWater} tasks wait, {@code onBusy} runs (the gateway stops
 * reading the socket); when they drop to half of it, {@code onIdle} runs (reading resumes). A
 * flooding client is thus slowed by TCP backpressure, and nothing is dropped.
 */
final class SerialQueue {
    private final Executor executor;
    private final int highWater;
    private final Runnable onBusy;
    private final Runnable onIdle;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private boolean busy;

    SerialQueue(Executor executor, int highWater, Runnable onBusy, Runnable onIdle) {
        this.executor = executor;
        this.highWater = highWater;
        this.onBusy = onBusy;
        this.onIdle = onIdle;
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
            onBusy.run();
        }
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
                onIdle.run();
            }
            task.run();
        }
    }
}
