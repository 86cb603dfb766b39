package io.onrabble.gateway;

import io.onrabble.http.ApiError;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a WebSocket upgrade must pass besides its token: a well-formed {@code Sec-WebSocket-Key}, the
 * caps of {@link ConnectionCaps} (the node, the client address, handshakes in flight from the
 * address, then the user) and the handshake deadline. Refusals before the upgrade are HTTP errors; a
 * user over their cap is upgraded and told why, so the web app can show it: an error frame
 * {@code too_many_connections}, then close code 4029.
 */
public final class EdgeAdmission {
    private static final int KEY_BYTES = 16;

    private final ConnectionCaps caps;
    private final EdgeLimits limits;
    private final Metrics metrics;

    public EdgeAdmission(ConnectionCaps caps, EdgeLimits limits, Metrics metrics) {
        this.caps = caps;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Null when the request may go on to its token check, with a handshake place and a connection
     * place taken for {@code address} (give them back with {@link #withinDeadline} and {@link #left});
     * else the refusal to answer.
     */
    ApiError enter(HttpServerRequest request, String address) {
        if (!validKey(request.getHeader("Sec-WebSocket-Key"))) {
            return new ApiError(400, "bad_request", "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 4.1)");
        }
        if (!caps.beginHandshake(address)) {
            return refused(ConnectionCaps.Cap.ADDRESS_HANDSHAKES);
        }
        var cap = caps.admitAddress(address);
        if (cap.isPresent()) {
            caps.endHandshake(address);
            return refused(cap.get());
        }
        return null;
    }

    private ApiError refused(ConnectionCaps.Cap cap) {
        metrics.connectionRefused(cap.tag());
        return switch (cap) {
            case NODE -> new ApiError(503, "node_full", "this node holds its most connections; try another node or later");
            case ADDRESS -> new ApiError(429, "too_many_connections", "too many connections from this address");
            case ADDRESS_HANDSHAKES -> new ApiError(429, "too_many_connections",
                    "too many connections are being set up from this address");
            case USER -> throw new IllegalArgumentException("a user's cap is answered after the upgrade");
        };
    }

    private static boolean validKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The token and ban check, failed with a 503 once the handshake deadline has passed (counted as
     * {@code stage="handshake"}); either way the address's handshake place is given back.
     */
    <T> Future<T> withinDeadline(Future<T> check, String address) {
        return check.timeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .andThen(done -> caps.endHandshake(address))
                .recover(e -> {
                    if (e instanceof TimeoutException) {
                        metrics.deadlineExceeded("handshake");
                        return Future.failedFuture(new ApiError(503, "unavailable", "the handshake took too long; try again"));
                    }
                    return Future.failedFuture(e);
                });
    }

    /** Takes a place for {@code userId}; false (counted) when the user already has the most connections allowed. */
    boolean admitUser(String userId) {
        if (caps.admitUser(userId)) {
            return true;
        }
        metrics.connectionRefused(ConnectionCaps.Cap.USER.tag());
        return false;
    }

    /** Tells a user over their cap why, then closes with 4029. */
    void refuseUser(ServerWebSocket socket, Codec codec) {
        var error = new ServerMessage.Error(ErrorCode.TOO_MANY_CONNECTIONS, "you have " + limits.maxConnectionsPerUser()
                + " connections open, the most allowed; close one (another tab or device) and try again", null, null);
        socket.writeTextMessage(new String(codec.encode(error), StandardCharsets.UTF_8));
        socket.close(CloseCode.TOO_MANY_CONNECTIONS, "too many connections");
    }

    /** A connection place of {@code address} is free again (the upgrade failed, or a refused user's socket closed). */
    void left(String address) {
        caps.releaseAddress(address);
    }

    /** An admitted connection of {@code userId} from {@code address} closed. */
    void left(String address, String userId) {
        caps.releaseUser(userId);
        caps.releaseAddress(address);
    }
}
