package io.onrabble.gateway;

import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;

/**
 * An expired token does not keep a connection alive: each connection is warned {@code warning}
 * before its token expires and closed with 4001 when it does, unless a refresh moved the expiry.
 */
public final class TokenExpiry {
    private final Vertx vertx;
    private final Duration warning;
    private final Clock clock;
    private final Codec codec;

    public TokenExpiry(Vertx vertx, Duration warning, Clock clock, Codec codec) {
        this.vertx = vertx;
        this.warning = warning;
        this.clock = clock;
        this.codec = codec;
    }

    /** (Re)arms the connection's timers for its current token. */
    void arm(Connection connection) {
        connection.cancelTimers(vertx);
        var expiresAt = connection.principal().expiresAt();
        var untilExpiry = Duration.between(clock.instant(), expiresAt).toMillis();
        if (untilExpiry <= 0) {
            connection.close(CloseCode.AUTH_FAILED, "token expired");
            return;
        }
        // A token already inside the warning window is warned about at once.
        var untilWarning = Math.max(1, untilExpiry - warning.toMillis());
        var warningTimer = vertx.setTimer(untilWarning, id -> connection.send(codec.frame(
                new ServerMessage.TokenExpiring(expiresAt, Duration.between(clock.instant(), expiresAt).toMillis()))));
        var expiryTimer = vertx.setTimer(untilExpiry, id -> connection.close(CloseCode.AUTH_FAILED, "token expired"));
        connection.timers(warningTimer, expiryTimer);
    }

    void disarm(Connection connection) {
        connection.cancelTimers(vertx);
    }
}
