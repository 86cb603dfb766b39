package io.onrabble.gateway;

import io.onrabble.auth.InvalidTokenException;
import io.onrabble.auth.Principal;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.chat.ChatHub;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.store.BanStore;
import io.onrabble.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /ws}: checks the token and bans before upgrading, then runs each connection's frames
 * through the hub in order, off the event loop.
 */
public final class WebSocketEndpoint implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final TokenVerifier verifier;
    private final BanStore bans;
    private final ChatHub hub;
    private final Codec codec;
    private final Metrics metrics;
    private final Blocking blocking;
    private final GatewayLimits limits;
    private final Clock clock;
    private final Set<GatewaySession> sessions = ConcurrentHashMap.newKeySet();
    /** Sessions the hub has not finished with yet: open, or closed with their departure still being recorded. */
    private final Set<GatewaySession> unfinished = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allFinished = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    public WebSocketEndpoint(TokenVerifier verifier, BanStore bans, ChatHub hub, Codec codec, Metrics metrics,
                             Blocking blocking, GatewayLimits limits, Clock clock) {
        this.verifier = verifier;
        this.bans = bans;
        this.hub = hub;
        this.codec = codec;
        this.metrics = metrics;
        this.blocking = blocking;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            new ApiError(400, "bad_request", "this endpoint only accepts WebSocket upgrades").send(ctx);
            return;
        }
        if (shuttingDown) {
            new ApiError(503, "unavailable", "the server is shutting down").send(ctx);
            return;
        }
        var token = ctx.request().getParam("token");
        ctx.request().pause();
        blocking.call(ctx.vertx().getOrCreateContext(), () -> admit(token))
                .onSuccess(principal -> ctx.request().toWebSocket()
                        .onSuccess(socket -> open(socket, principal))
                        .onFailure(e -> log.debug("upgrade failed: {}", e.getMessage())))
                .onFailure(e -> (e instanceof ApiError error ? error
                        : new ApiError(500, "internal", "the connection could not be set up")).send(ctx));
    }

    private Principal admit(String token) {
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw new ApiError(401, "invalid_token", e.getMessage());
        }
        try {
            if (bans.activeBan(principal.userId(), clock.instant()).isPresent()) {
                throw new ApiError(403, "banned", "this user is banned");
            }
        } catch (StoreException e) {
            log.warn("ban check failed: {}", e.getMessage());
            throw new ApiError(503, "unavailable", "could not check the ban list; try again");
        }
        return principal;
    }

    private void open(ServerWebSocket socket, Principal principal) {
        socket.setWriteQueueMaxSize(limits.outboundQueueBytes());
        var session = new GatewaySession(socket, principal, clock.instant(), metrics,
                new SerialQueue(blocking.executor(), limits.maxInFlight()));
        sessions.add(session);
        unfinished.add(session);
        metrics.connectionOpened();
        socket.textMessageHandler(text -> onText(session, text));
        socket.binaryMessageHandler(data -> refuse(session,
                new ProtocolException(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text frames")));
        socket.pongHandler(data -> session.touch());
        socket.exceptionHandler(e -> log.debug("connection {} failed: {}", session.id(), e.getMessage()));
        socket.closeHandler(v -> {
            sessions.remove(session);
            metrics.connectionClosed();
            session.inbound().force(() -> {
                try {
                    hub.leave(session);
                } finally {
                    finished(session);
                }
            });
        });
        if (shuttingDown) {
            session.close(CloseCode.GOING_AWAY, "server shutting down");
        }
        session.inbound().force(() -> {
            try {
                hub.join(session);
            } catch (RuntimeException e) {
                log.error("connect sequence failed for user {}", principal.userId(), e);
                session.close(CloseCode.INTERNAL_ERROR, "could not join");
            }
        });
    }

    private void onText(GatewaySession session, String text) {
        session.touch();
        if (!session.inbound().offer(() -> process(session, text))) {
            session.close(CloseCode.POLICY_VIOLATION, "too many frames in flight");
        }
    }

    private void process(GatewaySession session, String text) {
        try {
            hub.handle(session, codec.decode(text));
        } catch (ProtocolException e) {
            refuse(session, e);
        } catch (RuntimeException e) {
            log.error("could not handle a frame from user {}", session.principal().userId(), e);
            refuse(session, new ProtocolException(ErrorCode.UNAVAILABLE, "the server could not handle this frame"));
        }
    }

    private void refuse(GatewaySession session, ProtocolException refusal) {
        // 'unavailable' is the server's failing, not the client's: it never counts towards closing the connection.
        if (refusal.code() == ErrorCode.UNAVAILABLE || session.tolerateRefusal()) {
            hub.reject(session, refusal);
        } else {
            session.close(CloseCode.POLICY_VIOLATION, "too many refused frames");
        }
    }

    /** Pings every connection and closes the ones that stopped answering. */
    public void keepAlive() {
        sessions.forEach(session -> session.keepAlive(limits.pingTimeout()));
    }

    private void finished(GatewaySession session) {
        unfinished.remove(session);
        if (shuttingDown && unfinished.isEmpty()) {
            allFinished.complete(null);
        }
    }

    /**
     * Closes every connection for good (connections opened later are closed at once). The result
     * completes when the hub has recorded the departure of every one of them.
     */
    public CompletableFuture<Void> closeAll(short code, String reason) {
        shuttingDown = true;
        sessions.forEach(session -> session.close(code, reason));
        if (unfinished.isEmpty()) {
            allFinished.complete(null);
        }
        return allFinished;
    }

    public int openConnections() {
        return sessions.size();
    }
}
