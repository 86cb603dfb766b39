package io.onrabble.gateway;

import io.onrabble.chat.Capabilities;
import io.onrabble.chat.ChatHub;
import io.onrabble.concurrent.Blocking;
import io.onrabble.http.ApiError;
import io.onrabble.metrics.Metrics;
import io.onrabble.ops.RequestContext;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * {@code /ws}: admits the request through the {@link Handshake} before upgrading (refusals are
 * HTTP errors), then opens a {@link Connection} and hands it to the {@link ConnectionLifecycle}.
 */
public final class WebSocketEndpoint implements Handler<RoutingContext> {
    /** Browsers cannot set headers: they offer {@code bearer.<token>} and this subprotocol, which the server selects. */
    public static final String SUBPROTOCOL = "onrabble";
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final Handshake handshake;
    private final ChatHub hub;
    private final ConnectionLifecycle lifecycle;
    private final Blocking blocking;
    private final GatewayLimits limits;
    private final Metrics metrics;
    private final Clock clock;

    public WebSocketEndpoint(Handshake handshake, ChatHub hub, ConnectionLifecycle lifecycle, Blocking blocking,
                             GatewayLimits limits, Metrics metrics, Clock clock) {
        this.handshake = handshake;
        this.hub = hub;
        this.lifecycle = lifecycle;
        this.blocking = blocking;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            new ApiError(400, "bad_request", "this endpoint only accepts WebSocket upgrades").send(ctx);
            return;
        }
        if (hub.shuttingDown()) {
            new ApiError(503, "unavailable", "the server is shutting down").send(ctx);
            return;
        }
        var token = Handshake.tokenOf(ctx.request());
        var capabilities = Handshake.capabilitiesOf(ctx.request());
        var clientAddress = RequestContext.clientAddress(ctx);
        ctx.request().pause();
        blocking.call(ctx.vertx().getOrCreateContext(), () -> handshake.admit(token))
                .onSuccess(admission -> ctx.request().toWebSocket()
                        .onSuccess(socket -> open(ctx, socket, admission, capabilities, clientAddress))
                        .onFailure(e -> log.debug("upgrade failed: {}", e.getMessage())))
                .onFailure(e -> (e instanceof ApiError error ? error
                        : new ApiError(500, "internal", "the connection could not be set up")).send(ctx));
    }

    private void open(RoutingContext ctx, ServerWebSocket socket, Handshake.Admission admission,
                      Capabilities capabilities, String clientAddress) {
        var principal = admission.principal();
        var connection = new Connection(socket, principal, capabilities, clock.instant(), metrics, limits, blocking.executor(),
                ctx.vertx().getOrCreateContext());
        if (TokenExpiry.declaresRefresh(socket.query())) {
            connection.declareRefresh();
        }
        // On the connection's queue, so the line carries its connection and user ids.
        connection.submit(() -> log.info("connection {} opened for user {} from {}", connection.id(), principal.userId(),
                clientAddress));
        metrics.connectionOpened();
        lifecycle.begin(connection, admission.checkedAtNanos(), metrics::connectionClosed);
    }
}
