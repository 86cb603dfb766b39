package io.onrabble.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.onrabble.auth.Principal;
import io.onrabble.chat.Capabilities;
import io.onrabble.chat.Session;
import io.onrabble.metrics.Metrics;
import io.onrabble.ops.LogContext;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One WebSocket connection: reads whole messages into its inbound queue (handled one at a time, off
 * the event loop, with up to {@link GatewayLimits#maxPendingSends()} sends being committed meanwhile
 * and answered in order; a flood pauses the socket), writes frames without blocking while counting the
 * bytes not yet handed to the socket (past the outbound limit the client is a slow consumer and is
 * closed), pings, and holds the timers of its token's expiry.
 */
final class Connection implements Session {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private final String id = UUID.randomUUID().toString();
    private final ServerWebSocket socket;
    private volatile Principal principal;
    private final Instant connectedAt;
    private final Capabilities capabilities;
    private final Metrics metrics;
    private final GatewayLimits limits;
    private final AtomicLong unwrittenBytes = new AtomicLong();
    private final SerialQueue inbound;
    private final PendingSends sends;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Whether reading is paused for the inbound queue; only the event loop touches it. */
    private boolean paused;
    /**
     * Refused frames allowed before the connection counts as abusive: 20, refilled 20 a minute.
     * Made at the first refusal (most connections never have one); only the inbound queue uses it.
     */
    private Bucket refusals;
    private volatile long lastSeenNanos = System.nanoTime();
    /** Whether the client refreshes its token in-band; see {@link TokenExpiry}. */
    private volatile boolean refreshes;
    private long warningTimer = -1;
    private long expiryTimer = -1;

    /** Call on the socket's event loop ({@code context}); {@code executor} runs the inbound queue. */
    Connection(ServerWebSocket socket, Principal principal, Capabilities capabilities, Instant connectedAt,
               Metrics metrics, GatewayLimits limits, Executor executor, Context context) {
        this.socket = socket;
        this.principal = principal;
        this.connectedAt = connectedAt;
        this.capabilities = capabilities;
        this.metrics = metrics;
        this.limits = limits;
        var logged = LogContext.forConnection(executor, id, principal.userId());
        this.sends = new PendingSends(logged, limits.maxPendingSends());
        this.inbound = new SerialQueue(logged, limits.maxInFlight(), () -> context.runOnContext(v -> followInbound()));
    }

    /**
     * On the event loop: reads while the inbound queue is not busy. Each change of the queue schedules
     * this, and the last one to run sees the latest state, however the changes' threads interleaved
     * (a pause applied after a later resume would leave the socket paused with nothing queued).
     */
    private void followInbound() {
        if (inbound.busy()) {
            if (!paused) {
                paused = true;
                metrics.inboundPaused();
                socket.pause();
            }
        } else if (paused) {
            paused = false;
            socket.resume();
        }
    }

    /**
     * Starts reading: each whole text message goes to {@code texts} and each unreadable one to
     * {@code refusals}, both on the inbound queue, in arrival order; {@code closed} runs on the
     * event loop once the socket has closed.
     */
    void read(Consumer<String> texts, Consumer<ProtocolException> refused, Runnable closed) {
        var assembler = new MessageAssembler(limits.maxFrameBytes());
        socket.frameHandler(frame -> {
            touch();
            switch (assembler.accept(frame)) {
                case null -> { }
                case MessageAssembler.Text text -> inbound.submit(() -> texts.accept(text.text()));
                case MessageAssembler.TooLarge tooLarge -> submit(() -> refused.accept(new ProtocolException(
                        ErrorCode.TOO_LARGE, "message is larger than " + limits.maxFrameBytes() + " bytes")));
                case MessageAssembler.Binary binary -> submit(() -> refused.accept(new ProtocolException(
                        ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text frames")));
            }
        });
        socket.pongHandler(data -> touch());
        socket.exceptionHandler(e -> log.debug("connection {} failed: {}", id, e.getMessage()));
        socket.closeHandler(v -> closed.run());
    }

    /** Runs {@code task} on the inbound queue, after everything received so far is handled and its sends answered. */
    void submit(Runnable task) {
        inbound.submit(() -> {
            sends.awaitAnswered();
            task.run();
        });
    }

    /**
     * From the inbound queue: runs {@code answer} (which waits for its send's commit) after the
     * answers to the earlier sends, while the queue goes on to the next frames; see {@link PendingSends}.
     */
    void answerInOrder(Runnable answer) {
        sends.add(answer);
    }

    /** From the inbound queue: blocks until every send received so far is answered. */
    void awaitSendsAnswered() {
        sends.awaitAnswered();
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

    boolean refreshes() {
        return refreshes;
    }

    /** The client showed it refreshes its token: from now on it must, or its connection closes at expiry. */
    void declareRefresh() {
        refreshes = true;
    }

    synchronized void timers(long warning, long expiry) {
        this.warningTimer = warning;
        this.expiryTimer = expiry;
    }

    synchronized void cancelTimers(Vertx vertx) {
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

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void send(Frame frame) {
        if (closing.get()) {
            return;
        }
        var size = frame.json().length;
        if (unwrittenBytes.addAndGet(size) > limits.outboundQueueBytes()) {
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
        if (refusals == null) {
            refusals = Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(20).refillGreedy(20, Duration.ofMinutes(1)).build()).build();
        }
        return refusals.tryConsume(1);
    }

    private void touch() {
        lastSeenNanos = System.nanoTime();
    }

    @Override
    public void keepAlive(Duration timeout) {
        if (System.nanoTime() - lastSeenNanos > timeout.toNanos()) {
            close(CloseCode.PING_TIMEOUT, "ping timeout");
        } else if (!closing.get()) {
            socket.writePing(Buffer.buffer());
        }
    }
}
