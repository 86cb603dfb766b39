package io.onrabble.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/** The Prometheus registry and the meters the server records into; served at {@code /metrics}. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter publicIn;
    private final Counter privateIn;
    private final Counter framesOut;
    private final Counter outboundDropped;

    public Metrics() {
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
    }

    public MeterRegistry registry() {
        return registry;
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
