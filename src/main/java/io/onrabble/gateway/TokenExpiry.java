package io.onrabble.gateway;

import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * An expired token does not keep a connection alive: each connection is warned {@code warning}
 * before its token expires and closed with 4001 when it does, unless a refresh moved the expiry.
 */
public final class TokenExpiry {
    private final Vertx vertx;
    private final Duration warning;
    private final Clock clock;

    public TokenExpiry(Vertx vertx, Duration warning, Clock clock) {
        this.vertx = vertx;
        this.warning = warning;
        this.clock = clock;
    }

    /** (Re)arms the session's timers for its current token; {@code encode} turns the warning into a frame. */
    void arm(GatewaySession session, Function<ServerMessage, Frame> encode) {
        session.cancelTimers(vertx);
        var expiresAt = session.principal().expiresAt();
        var untilExpiry = Duration.between(clock.instant(), expiresAt).toMillis();
        if (untilExpiry <= 0) {
            session.close(CloseCode.AUTH_FAILED, "token expired");
            return;
        }
        // A token already inside the warning window is warned about at once.
        var untilWarning = Math.max(1, untilExpiry - warning.toMillis());
        var warningTimer = vertx.setTimer(untilWarning, id -> session.send(encode.apply(
                new ServerMessage.TokenExpiring(expiresAt, Duration.between(clock.instant(), expiresAt).toMillis()))));
        var expiryTimer = vertx.setTimer(untilExpiry, id -> session.close(CloseCode.AUTH_FAILED, "token expired"));
        session.timers(warningTimer, expiryTimer);
    }

    void disarm(GatewaySession session) {
        session.cancelTimers(vertx);
    }
}
