package io.onrabble.journal;

import io.onrabble.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the database answers, so that sends fail at once during an outage instead of each
 * waiting out the pool's connection timeout. After a failure the database counts as down and a
 * probe runs every {@code probeInterval} until it answers; while down, {@link #check} refuses. The
 * outage takes one log line when it starts, one per {@code logInterval} while it lasts and one
 * when it ends; the gauge {@code onrabble.database.down} shows it.
 */
final class DatabaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

    private final Runnable probe;
    private final Duration probeInterval;
    private final Duration logInterval;
    private final Metrics metrics;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong refusedWhileDown = new AtomicLong();
    private volatile boolean closed;

    /** {@code probe} is a cheap query that throws when the database does not answer. */
    DatabaseWatch(Runnable probe, Duration probeInterval, Duration logInterval, Metrics metrics) {
        this.probe = probe;
        this.probeInterval = probeInterval;
        this.logInterval = logInterval;
        this.metrics = metrics;
    }

    boolean down() {
        return down.get();
    }

    /** Throws {@link JournalUnavailableException} while the database counts as down. */
    void check() {
        if (down.get()) {
            refusedWhileDown.incrementAndGet();
            throw new JournalUnavailableException("the database is unreachable", null);
        }
    }

    /** The database failed a call in a way that may pass (unreachable, restarting): down until a probe answers. */
    void failed(RuntimeException failure) {
        if (closed || !down.compareAndSet(false, true)) {
            return;
        }
        metrics.databaseDown(true);
        log.warn("the database is unreachable ({}); sends are refused until it answers, probed every {} ms",
                failure.getMessage(), probeInterval.toMillis());
        Thread.ofVirtual().name("database-probe").start(this::probeUntilUp);
    }

    private void probeUntilUp() {
        var started = System.nanoTime();
        var lastLog = started;
        while (!closed) {
            try {
                Thread.sleep(probeInterval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                probe.run();
                down.set(false);
                metrics.databaseDown(false);
                log.info("the database answers again after {} s; {} sends were refused meanwhile",
                        Duration.ofNanos(System.nanoTime() - started).toSeconds(), refusedWhileDown.getAndSet(0));
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - lastLog >= logInterval.toNanos()) {
                    lastLog = System.nanoTime();
                    log.warn("the database is still unreachable after {} s ({} sends refused so far): {}",
                            Duration.ofNanos(lastLog - started).toSeconds(), refusedWhileDown.get(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
