package io.onrabble.app;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What start-up has started, as a stack: each step registers how to undo itself right after it
 * succeeded, and {@link #close()} undoes them newest first, on shutdown or at once when a later
 * step fails. A failing undo is logged and the rest still run.
 */
final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Step(String name, AutoCloseable undo) {
    }

    private final Deque<Step> started = new ArrayDeque<>();

    /** Registers {@code undo} for what was just started; returns {@code resource} for chaining. */
    <T> T started(String name, T resource, AutoCloseable undo) {
        synchronized (started) {
            started.push(new Step(name, undo));
        }
        return resource;
    }

    /** Registers a resource that closes itself. */
    <T extends AutoCloseable> T started(String name, T resource) {
        return started(name, resource, resource);
    }

    /** Runs {@code task} every {@code interval} until the lifecycle closes. */
    void every(Vertx vertx, String name, Duration interval, Runnable task) {
        var timer = vertx.setPeriodic(interval.toMillis(), id -> task.run());
        started(name, timer, () -> vertx.cancelTimer(timer));
    }

    /** Undoes every registered step, newest first; idempotent. */
    @Override
    public void close() {
        while (true) {
            Step step;
            synchronized (started) {
                step = started.poll();
            }
            if (step == null) {
                return;
            }
            try {
                step.undo().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("interrupted while stopping {}", step.name());
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", step.name(), e.getMessage());
            }
        }
    }
}
