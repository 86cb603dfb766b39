package io.onrabble.journal;

import io.onrabble.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a service the journal writes to (the database, Valkey) answers, so that sends fail at
 * once during an outage instead of each waiting out a connection timeout, and nothing is stored
 * that could not be delivered. After a failure the service counts as down and a probe runs every
 * {@code probeInterval} until it answers; while down, {@link #check} refuses. The outage takes one
 * log line when it starts, one per {@code logInterval} while it lasts and one when it ends; the
 * gauge {@code onrabble.service.down{service=...}} shows it.
 */
final class ServiceWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

    private final String service;
    private final Runnable probe;
    private final Duration probeInterval;
    private final Duration logInterval;
    private final Metrics metrics;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong refusedWhileDown = new AtomicLong();
    private volatile boolean closed;

    /** {@code service} names it in logs and metrics; {@code probe} is a cheap call that throws when it does not answer. */
    ServiceWatch(String service, Runnable probe, Duration probeInterval, Duration logInterval, Metrics metrics) {
        this.service = service;
        this.probe = probe;
        this.probeInterval = probeInterval;
        this.logInterval = logInterval;
        this.metrics = metrics;
    }

    boolean down() {
        return down.get();
    }

    /** Throws {@link JournalUnavailableException} while the service counts as down. */
    void check() {
        if (down.get()) {
            refusedWhileDown.incrementAndGet();
            throw new JournalUnavailableException(service + " is unreachable", null);
        }
    }

    /** The service failed a call in a way that may pass (unreachable, restarting): down until a probe answers. */
    void failed(RuntimeException failure) {
        if (closed || !down.compareAndSet(false, true)) {
            return;
        }
        metrics.serviceDown(service, true);
        log.warn("{} is unreachable ({}); sends are refused until it answers, probed every {} ms",
                service, failure.getMessage(), probeInterval.toMillis());
        Thread.ofVirtual().name(service + "-probe").start(this::probeUntilUp);
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
                metrics.serviceDown(service, false);
                log.info("{} answers again after {} s; {} sends were refused meanwhile", service,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds(), refusedWhileDown.getAndSet(0));
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - lastLog >= logInterval.toNanos()) {
                    lastLog = System.nanoTime();
                    log.warn("{} is still unreachable after {} s ({} sends refused so far): {}", service,
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
