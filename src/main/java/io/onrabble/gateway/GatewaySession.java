package io.onrabble.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.onrabble.auth.Principal;
import io.onrabble.chat.Frame;
import io.onrabble.chat.Session;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** A WebSocket connection: writes frames without blocking, closes itself when the client cannot keep up. */
final class GatewaySession implements Session {
    private final String id = UUID.randomUUID().toString();
    private final ServerWebSocket socket;
    private final Principal principal;
    private final Instant connectedAt;
    private final Metrics metrics;
    private final SerialQueue inbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Refused frames allowed before the connection counts as abusive: 20, refilled 20 a minute. */
    private final Bucket refusals = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(20).refillGreedy(20, Duration.ofMinutes(1)).build()).build();
    private volatile long lastSeenNanos = System.nanoTime();

    GatewaySession(ServerWebSocket socket, Principal principal, Instant connectedAt, Metrics metrics, SerialQueue inbound) {
        this.socket = socket;
        this.principal = principal;
        this.connectedAt = connectedAt;
        this.metrics = metrics;
        this.inbound = inbound;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    SerialQueue inbound() {
        return inbound;
    }

    @Override
    public void send(Frame frame) {
        if (closing.get()) {
            return;
        }
        if (socket.writeQueueFull()) {
            metrics.outboundDropped();
            close(CloseCode.SLOW_CONSUMER, "outbound queue full");
            return;
        }
        // Wraps the shared bytes without copying: the frame is encoded once for every recipient.
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame.json(), true));
    }

    @Override
    public void close(short code, String reason) {
        if (closing.compareAndSet(false, true)) {
            socket.close(code, reason);
        }
    }

    /** Counts a refused frame; false once the client has been refused too often. */
    boolean tolerateRefusal() {
        return refusals.tryConsume(1);
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    /** Pings the client, or closes it when it has been silent longer than {@code timeout}. */
    void keepAlive(Duration timeout) {
        if (System.nanoTime() - lastSeenNanos > timeout.toNanos()) {
            close(CloseCode.PING_TIMEOUT, "ping timeout");
        } else if (!closing.get()) {
            socket.writePing(io.vertx.core.buffer.Buffer.buffer());
        }
    }
}
