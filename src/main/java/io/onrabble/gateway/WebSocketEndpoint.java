package io.onrabble.gateway;

import io.onrabble.chat.ChatHub;
import io.onrabble.concurrent.Blocking;
import io.onrabble.http.ApiError;
import io.onrabble.metrics.Metrics;
import io.onrabble.ops.RequestContext;
import io.onrabble.protocol.Codec;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * {@code /ws}: admits the request through the {@link EdgeAdmission} (key, caps, deadline) and the
 * {@link Handshake} (token, ban) before upgrading (refusals are HTTP errors), then opens a
 * {@link Connection} and hands it to the {@link ConnectionLifecycle}.
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
    private final EdgeAdmission admission;
    private final Codec codec;

    public WebSocketEndpoint(Handshake handshake, ChatHub hub, ConnectionLifecycle lifecycle, Blocking blocking,
                             GatewayLimits limits, Metrics metrics, Clock clock, EdgeAdmission admission, Codec codec) {
        this.handshake = handshake;
        this.hub = hub;
        this.lifecycle = lifecycle;
        this.blocking = blocking;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.admission = admission;
        this.codec = codec;
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
        Handshake.Upgrade request;
        try {
            request = Handshake.Upgrade.of(ctx.request());
        } catch (ApiError refused) {
            refused.send(ctx);
            return;
        }
        var address = RequestContext.clientAddress(ctx);
        var refusal = admission.enter(ctx.request(), address);
        if (refusal != null) {
            refusal.send(ctx);
            return;
        }
        ctx.request().pause();
        admission.withinDeadline(blocking.call(ctx.vertx().getOrCreateContext(), () -> handshake.admit(request.token())), address)
                .onSuccess(admitted -> ctx.request().toWebSocket()
                        .onSuccess(socket -> open(ctx, socket, admitted, request, address))
                        .onFailure(e -> {
                            admission.left(address);
                            log.debug("upgrade failed: {}", e.getMessage());
                        }))
                .onFailure(e -> {
                    admission.left(address);
                    (e instanceof ApiError error ? error
                            : new ApiError(500, "internal", "the connection could not be set up")).send(ctx);
                });
    }

    private void open(RoutingContext ctx, ServerWebSocket socket, Handshake.Admission admitted,
                      Handshake.Upgrade request, String address) {
        var principal = admitted.principal();
        var userId = principal.userId();
        if (!admission.admitUser(userId)) {
            socket.closeHandler(v -> admission.left(address));
            admission.refuseUser(socket, codec);
            return;
        }
        var connection = new Connection(socket, principal, request.capabilities(), clock.instant(), metrics, limits,
                blocking.executor(), ctx.vertx().getOrCreateContext());
        if (request.refreshes()) {
            connection.declareRefresh();
        }
        // On the connection's queue, so the line carries its connection and user ids.
        connection.submit(() -> log.info("connection {} opened for user {} from {}", connection.id(), userId, address));
        metrics.connectionOpened();
        lifecycle.begin(connection, admitted.checkedAtNanos(), () -> {
            metrics.connectionClosed();
            admission.left(address, userId);
        });
    }
}
