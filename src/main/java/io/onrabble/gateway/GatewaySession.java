package io.onrabble.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.onrabble.auth.Principal;
import io.onrabble.chat.Session;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Frame;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket connection: writes frames without blocking and counts the bytes not yet handed to the
 * socket; past the outbound limit the client is a slow consumer and is closed.
 */
final class GatewaySession implements Session {
    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);
    private final String id = UUID.randomUUID().toString();
    private final ServerWebSocket socket;
    private volatile Principal principal;
    private final Instant connectedAt;
    private final Metrics metrics;
    private final int outboundLimitBytes;
    private final AtomicLong unwrittenBytes = new AtomicLong();
    private SerialQueue inbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Refused frames allowed before the connection counts as abusive: 20, refilled 20 a minute. */
    private final Bucket refusals = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(20).refillGreedy(20, Duration.ofMinutes(1)).build()).build();
    private volatile long lastSeenNanos = System.nanoTime();
    private long warningTimer = -1;
    private long expiryTimer = -1;

    GatewaySession(ServerWebSocket socket, Principal principal, Instant connectedAt, Metrics metrics,
                   int outboundLimitBytes) {
        this.socket = socket;
        this.principal = principal;
        this.connectedAt = connectedAt;
        this.metrics = metrics;
        this.outboundLimitBytes = outboundLimitBytes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    /** Replaces the token this connection lives on (a refresh for the same user). */
    void principal(Principal refreshed) {
        this.principal = refreshed;
    }

    synchronized void timers(long warning, long expiry) {
        this.warningTimer = warning;
        this.expiryTimer = expiry;
    }

    synchronized void cancelTimers(io.vertx.core.Vertx vertx) {
        if (warningTimer >= 0) {
            vertx.cancelTimer(warningTimer);
        }
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        warningTimer = -1;
        expiryTimer = -1;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    SerialQueue inbound() {
        return inbound;
    }

    void inbound(SerialQueue queue) {
        this.inbound = queue;
    }

    @Override
    public void send(Frame frame) {
        if (closing.get()) {
            return;
        }
        var size = frame.json().length;
        if (unwrittenBytes.addAndGet(size) > outboundLimitBytes) {
            metrics.outboundDropped();
            close(CloseCode.SLOW_CONSUMER, "outbound queue full");
            return;
        }
        socket.writeFrame(SharedTextFrame.of(frame.json()))
                .onComplete(written -> unwrittenBytes.addAndGet(-size));
    }

    @Override
    public void close(short code, String reason) {
        if (closing.compareAndSet(false, true)) {
            if (code != CloseCode.GOING_AWAY) {
                log.info("closing connection {} of user {}: {} ({})", id, principal.userId(), reason, code);
            }
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
