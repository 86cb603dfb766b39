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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Timer commitBatch;
    private final Map<String, AtomicInteger> servicesDown = new ConcurrentHashMap<>();

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
        commitBatch = Timer.builder("onrabble.commit.batch")
                .description("Time to commit one group of concurrent sends to the database before they are acked")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
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

    /**
     * Counts a connection failed for breaking RFC 6455 or the control-frame budget, by its close code:
     * 1002 protocol error, 1007 invalid UTF-8, 1008 control-frame flood, 1009 frame too large.
     */
    public void protocolFailure(int closeCode) {
        Counter.builder("onrabble.ws.protocol_failures").tag("code", String.valueOf(closeCode))
                .description("WebSocket connections failed for a protocol violation, by close code").register(registry)
                .increment();
    }

    /** Counts a connection closed because a stage of its setup passed its deadline. */
    public void deadlineExceeded(String stage) {
        Counter.builder("onrabble.edge.deadline_exceeded").tag("stage", stage)
                .description("Connections closed because the request head or the WebSocket handshake took too long")
                .register(registry).increment();
    }

    /** Counts a typing frame relayed to the others in its conversation. */
    public void typingRelayed() {
        typing("relayed");
    }

    /** Counts a typing frame absorbed by the throttle (one was relayed for the same conversation less than an interval ago). */
    public void typingAbsorbed() {
        typing("absorbed");
    }

    private void typing(String outcome) {
        Counter.builder("onrabble.typing").tag("outcome", outcome)
                .description("Typing frames received, by outcome (refused ones count under messages.rejected)")
                .register(registry).increment();
    }

    /** Counts a connection refused by a cap: {@code node}, {@code address}, {@code address_handshakes} or {@code user}. */
    public void connectionRefused(String cap) {
        Counter.builder("onrabble.connections.refused").tag("cap", cap)
                .description("WebSocket connections refused because a connection cap was reached").register(registry)
                .increment();
    }

    /** Counts a resume by its outcome: {@code resumed}, or the resync reason ({@code too_far_behind}, {@code unknown_position}). */
    public void resume(String outcome) {
        Counter.builder("onrabble.resumes").tag("outcome", outcome)
                .description("Reconnecting clients that asked to resume, by outcome").register(registry).increment();
    }

    public void queueLength(long length) {
        queueLength.set(length);
    }

    public void flushed(int messages, Duration took) {
        flushBatch.record(took);
        flushed.increment(messages);
    }

    public void committed(Duration took) {
        commitBatch.record(took);
    }

    /** 1 while this node finds {@code service} (the database, Valkey) unreachable and refuses sends. */
    public void serviceDown(String service, boolean down) {
        servicesDown.computeIfAbsent(service, name -> {
            var value = new AtomicInteger();
            Gauge.builder("onrabble.service.down", value, AtomicInteger::get).tag("service", name)
                    .description("1 while this node finds the service unreachable and refuses sends (durability 'database')")
                    .register(registry);
            return value;
        }).set(down ? 1 : 0);
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
