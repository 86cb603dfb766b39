package io.onrabble.gateway;

import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session policy of open connections. A connection that can refresh (it connected with
 * {@code ?refresh=1}, or has sent {@code refresh_token}) lives as long as its token: warned
 * {@code warning} before it expires, closed with 4001 when it does, unless a refresh moved the
 * expiry. One that cannot (the existing OnRabble clients never refresh) keeps its session for
 * {@code sessionMax} from its start, or until its token expires if that is later, and is then closed
 * with 4002. Bans and admins close either kind at once, through the broker, not here.
 */
public final class TokenExpiry {
    private final Vertx vertx;
    private final Duration warning;
    private final Duration sessionMax;
    private final Clock clock;
    private final Codec codec;

    public TokenExpiry(Vertx vertx, Duration warning, Duration sessionMax, Clock clock, Codec codec) {
        this.vertx = vertx;
        this.warning = warning;
        this.sessionMax = sessionMax;
        this.clock = clock;
        this.codec = codec;
    }

    /** (Re)arms the connection's timers for its current token. */
    void arm(Connection connection) {
        connection.cancelTimers(vertx);
        var now = clock.instant();
        var expiresAt = connection.principal().expiresAt();
        if (!connection.refreshes()) {
            // Armed once, when the session starts: a refresh would have made it a refreshing one.
            var sessionEnd = now.plus(sessionMax);
            if (sessionEnd.isAfter(expiresAt)) {
                connection.timers(-1, vertx.setTimer(millisUntil(now, sessionEnd),
                        id -> connection.close(CloseCode.SESSION_ENDED, "session reached its maximum length")));
                return;
            }
        }
        var untilExpiry = Duration.between(now, expiresAt).toMillis();
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

    private static long millisUntil(Instant now, Instant then) {
        return Math.max(1, Duration.between(now, then).toMillis());
    }
}
