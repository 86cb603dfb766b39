package io.onrabble.gateway;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.auth.InvalidTokenException;
import io.onrabble.auth.KeySourceUnavailableException;
import io.onrabble.auth.Principal;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.chat.ChatHub;
import io.onrabble.concurrent.Blocking;
import io.onrabble.http.ApiError;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
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
    /** Browsers cannot set headers: they offer {@code bearer.<token>} and this subprotocol, which the server selects. */
    public static final String SUBPROTOCOL = "onrabble";
    private static final String BEARER_SUBPROTOCOL = "bearer.";
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final TokenVerifier verifier;
    private final BanStore bans;
    private final ChatHub hub;
    private final Codec codec;
    private final Metrics metrics;
    private final Blocking blocking;
    private final GatewayLimits limits;
    private final TokenExpiry expiry;
    private final Clock clock;
    private final AdminFeed adminFeed;
    private final Set<GatewaySession> sessions = ConcurrentHashMap.newKeySet();
    /** Sessions the hub has not finished with yet: open, or closed with their departure still being recorded. */
    private final Set<GatewaySession> unfinished = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allFinished = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    public WebSocketEndpoint(TokenVerifier verifier, BanStore bans, ChatHub hub, Codec codec, Metrics metrics,
                             Blocking blocking, GatewayLimits limits, TokenExpiry expiry, Clock clock,
                             AdminFeed adminFeed) {
        this.verifier = verifier;
        this.bans = bans;
        this.hub = hub;
        this.codec = codec;
        this.metrics = metrics;
        this.blocking = blocking;
        this.limits = limits;
        this.expiry = expiry;
        this.clock = clock;
        this.adminFeed = adminFeed;
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
        var token = tokenOf(ctx);
        ctx.request().pause();
        blocking.call(ctx.vertx().getOrCreateContext(), () -> admit(token))
                .onSuccess(principal -> ctx.request().toWebSocket()
                        .onSuccess(socket -> open(ctx.vertx(), socket, principal))
                        .onFailure(e -> log.debug("upgrade failed: {}", e.getMessage())))
                .onFailure(e -> (e instanceof ApiError error ? error
                        : new ApiError(500, "internal", "the connection could not be set up")).send(ctx));
    }

    /** The token from {@code ?token=} (what existing clients send), {@code Authorization: Bearer}, or a {@code bearer.} subprotocol. */
    private static String tokenOf(RoutingContext ctx) {
        var query = ctx.request().getParam("token");
        if (query != null) {
            return query;
        }
        var authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        var protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (var protocol : protocols.split(",")) {
                if (protocol.trim().startsWith(BEARER_SUBPROTOCOL)) {
                    return protocol.trim().substring(BEARER_SUBPROTOCOL.length());
                }
            }
        }
        return null;
    }

    private Principal verify(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw new ApiError(401, "invalid_token", e.getMessage());
        } catch (KeySourceUnavailableException e) {
            log.warn("token not checked: {}", e.getMessage());
            throw new ApiError(503, "unavailable", "the identity provider cannot be reached; try again");
        }
    }

    private Principal admit(String token) {
        var principal = verify(token);
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

    private void open(io.vertx.core.Vertx vertx, ServerWebSocket socket, Principal principal) {
        var session = new GatewaySession(socket, principal, clock.instant(), metrics, limits.outboundQueueBytes());
        var context = vertx.getOrCreateContext();
        session.inbound(new SerialQueue(blocking.executor(), limits.maxInFlight(),
                () -> {
                    metrics.inboundPaused();
                    context.runOnContext(v -> socket.pause());
                },
                () -> context.runOnContext(v -> socket.resume())));
        sessions.add(session);
        unfinished.add(session);
        metrics.connectionOpened();
        var assembler = new MessageAssembler(limits.maxFrameBytes());
        socket.frameHandler(frame -> {
            session.touch();
            switch (assembler.accept(frame)) {
                case null -> { }
                case MessageAssembler.Text text -> session.inbound().submit(() -> process(session, text.text()));
                case MessageAssembler.TooLarge tooLarge -> session.inbound().submit(() -> refuse(session,
                        new ProtocolException(ErrorCode.TOO_LARGE, "message is larger than " + limits.maxFrameBytes() + " bytes")));
                case MessageAssembler.Binary binary -> session.inbound().submit(() -> refuse(session,
                        new ProtocolException(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text frames")));
            }
        });
        socket.pongHandler(data -> session.touch());
        socket.exceptionHandler(e -> log.debug("connection {} failed: {}", session.id(), e.getMessage()));
        socket.closeHandler(v -> {
            expiry.disarm(session);
            sessions.remove(session);
            metrics.connectionClosed();
            adminFeed.detach(session);
            session.inbound().submit(() -> {
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
        session.inbound().submit(() -> {
            try {
                hub.join(session);
                // A ban issued while this connection was being set up missed it in the hub: check once more.
                if (bans.activeBan(principal.userId(), clock.instant()).isPresent()) {
                    session.close(CloseCode.BANNED, "banned");
                    return;
                }
                expiry.arm(session, codec::frame);
                adminFeed.attach(session);
            } catch (RuntimeException e) {
                log.error("connect sequence failed for user {}", principal.userId(), e);
                session.close(CloseCode.INTERNAL_ERROR, "could not join");
            }
        });
    }

    private void process(GatewaySession session, String text) {
        try {
            switch (codec.decode(text)) {
                case ClientMessage.Send send -> hub.handle(session, send);
                case ClientMessage.RefreshToken refresh -> refresh(session, refresh);
            }
        } catch (ProtocolException e) {
            refuse(session, e);
        } catch (RuntimeException e) {
            log.error("could not handle a frame from user {}", session.principal().userId(), e);
            refuse(session, new ProtocolException(ErrorCode.UNAVAILABLE, "the server could not handle this frame"));
        }
    }

    /** Moves the connection onto a new token of the same user; a bad one is refused and the old expiry stands. */
    private void refresh(GatewaySession session, ClientMessage.RefreshToken refresh) {
        Principal refreshed;
        try {
            refreshed = verify(refresh.token());
        } catch (ApiError e) {
            throw new ProtocolException(e.status() == 503 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_TOKEN,
                    e.getMessage(), refresh.nonce());
        }
        if (!refreshed.userId().equals(session.principal().userId())) {
            throw new ProtocolException(ErrorCode.INVALID_TOKEN, "the new token belongs to another user", refresh.nonce());
        }
        session.principal(refreshed);
        expiry.arm(session, codec::frame);
        session.send(codec.frame(new ServerMessage.TokenRefreshed(refreshed.expiresAt(), refresh.nonce())));
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
}
