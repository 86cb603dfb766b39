package io.onrabble.gateway;

import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The session policy of open connections. A connection that can refresh (it connected with
 * {@code ?refresh=1}, or has sent {@code refresh_token}) lives as long as its token: warned
 * {@code warning} before it expires, closed with 4001 when it does, unless a refresh moved the
 * expiry. One that cannot (the existing OnRabble clients never refresh) keeps its session for
 * {@code sessionMax} from its start, or until its token expires if that is later, and is then closed
 * with 4002. Bans and admins close either kind at once, through the broker, not here.
 */
public final class TokenExpiry {
    private static final Pattern REFRESH_DECLARED = Pattern.compile("(^|&)refresh=(1|true)(&|$)");

    private final Vertx vertx;
    private final Duration warning;
    private final Duration sessionMax;
    private final Clock clock;

    public TokenExpiry(Vertx vertx, Duration warning, Duration sessionMax, Clock clock) {
        this.vertx = vertx;
        this.warning = warning;
        this.sessionMax = sessionMax;
        this.clock = clock;
    }

    /** True when the handshake's query string ({@code ?refresh=1}) declares that the client refreshes in-band. */
    static boolean declaresRefresh(String query) {
        return query != null && REFRESH_DECLARED.matcher(query).find();
    }

    /** (Re)arms the session's timers for its current token; {@code encode} turns the warning into a frame. */
    void arm(GatewaySession session, Function<ServerMessage, Frame> encode) {
        session.cancelTimers(vertx);
        var now = clock.instant();
        var expiresAt = session.principal().expiresAt();
        if (!session.refreshes()) {
            // Armed once, when the session starts: a refresh would have made it a refreshing one.
            var sessionEnd = now.plus(sessionMax);
            if (sessionEnd.isAfter(expiresAt)) {
                session.timers(-1, vertx.setTimer(millisUntil(now, sessionEnd),
                        id -> session.close(CloseCode.SESSION_ENDED, "session reached its maximum length")));
                return;
            }
        }
        var untilExpiry = Duration.between(now, expiresAt).toMillis();
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

    private static long millisUntil(Instant now, Instant then) {
        return Math.max(1, Duration.between(now, then).toMillis());
    }
}
