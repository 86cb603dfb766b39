package io.onrabble.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The Prometheus registry and the meters the server records into; served at {@code /metrics}. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter publicIn;
    private final Counter privateIn;
    private final Counter framesOut;
    private final Counter outboundDropped;
    private final Counter inboundPaused;
    private final AtomicLong queueLength = new AtomicLong();
    private final Timer flushBatch;
    private final Counter flushed;
    private final Counter deadLettered;

    public Metrics() {
        // The JVM and the process, for the dashboard's heap, CPU, thread and file-descriptor panels.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("onrabble.connections.open", openConnections, AtomicInteger::get)
                .description("Open WebSocket connections on this node").register(registry);
        publicIn = Counter.builder("onrabble.messages.in").tag("kind", "public")
                .description("Messages accepted from clients").register(registry);
        privateIn = Counter.builder("onrabble.messages.in").tag("kind", "private")
                .description("Messages accepted from clients").register(registry);
        framesOut = Counter.builder("onrabble.frames.out")
                .description("Frames written to WebSocket clients").register(registry);
        outboundDropped = Counter.builder("onrabble.outbound.dropped")
                .description("Frames not written because the client's outbound queue was full (the client is closed)")
                .register(registry);
        inboundPaused = Counter.builder("onrabble.inbound.paused")
                .description("Times a client had ONRABBLE_WS_MAX_IN_FLIGHT frames waiting and its socket stopped being read")
                .register(registry);
        Gauge.builder("onrabble.queue.length", queueLength, AtomicLong::get)
                .description("Messages in the durable queue not yet written to the database (as last seen by this node's flusher)")
                .register(registry);
        flushBatch = Timer.builder("onrabble.flush.batch")
                .description("Time to write one batch from the durable queue to the database and acknowledge it")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        flushed = Counter.builder("onrabble.flush.messages")
                .description("Messages written from the durable queue to the database").register(registry);
        deadLettered = Counter.builder("onrabble.flush.dead_lettered")
                .description("Queue entries the database refused, moved to the dead-letter stream").register(registry);
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public void publicMessageIn() {
        publicIn.increment();
    }

    public void privateMessageIn() {
        privateIn.increment();
    }

    public void framesOut(int count) {
        framesOut.increment(count);
    }

    public void outboundDropped() {
        outboundDropped.increment();
    }

    /** Counts a connection whose unhandled frames reached the bound, so the server stopped reading it for a while. */
    public void inboundPaused() {
        inboundPaused.increment();
    }

    public void queueLength(long length) {
        queueLength.set(length);
    }

    public void flushed(int messages, Duration took) {
        flushBatch.record(took);
        flushed.increment(messages);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** Exports whether {@code dependency} (database, valkey, identity) was reachable at the last readiness check. */
    public void dependencyUp(String dependency, AtomicInteger up) {
        Gauge.builder("onrabble.dependency.up", up, AtomicInteger::get).tag("dependency", dependency)
                .description("1 when this node's last readiness check reached the dependency, 0 when not")
                .register(registry);
    }

    /** Counts an inbound frame refused with an error frame; {@code reason} is the error code. */
    public void rejected(String reason) {
        Counter.builder("onrabble.messages.rejected").tag("reason", reason)
                .description("Inbound frames refused, by error code").register(registry).increment();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
