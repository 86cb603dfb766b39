package io.onrabble.gateway;

import io.onrabble.auth.InvalidTokenException;
import io.onrabble.auth.KeySourceUnavailableException;
import io.onrabble.auth.Principal;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.chat.Capabilities;
import io.onrabble.chat.ResumePoint;
import io.onrabble.http.ApiError;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.moderation.BanCheck;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Who may connect: the token of an upgrade request, verified, of a user who is not banned. Refusals
 * are {@link ApiError}s the endpoint answers before upgrading. Blocking (JWKS); the ban list is in
 * memory ({@link BanCheck}), so a database outage refuses no connection.
 */
public final class Handshake {
    /** An admitted user, and when their ban check began (a disconnect heard since then applies to them too). */
    record Admission(Principal principal, long checkedAtNanos) {
    }

    private static final String BEARER_SUBPROTOCOL = "bearer.";
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);

    private final TokenVerifier verifier;
    private final BanCheck bans;

    public Handshake(TokenVerifier verifier, BanCheck bans) {
        this.verifier = verifier;
        this.bans = bans;
    }

    /**
     * What an upgrade request's query and headers carry, decoded once per connect: the token from
     * {@code ?token=} (what existing clients send), {@code Authorization: Bearer}, or a {@code bearer.}
     * subprotocol; what the client declares it understands ({@code ?presence=batch}, {@code ?channels=open},
     * {@code ?typing=1}, {@code ?markers=1}, {@code ?edits=1}, a resume; see {@link Capabilities}); and
     * whether it refreshes its token in-band ({@code ?refresh=1} or {@code true}, see {@link TokenExpiry}).
     */
    record Upgrade(String token, Capabilities capabilities, boolean refreshes) {
        /**
         * Reads the request. A resume parameter that is no message id is refused with 400. The
         * decoded map is not cached on the request: Vert.x keeps the upgrade request for the
         * WebSocket's lifetime, and with it that map and a second copy of the token (about 1 KB per connection).
         */
        static Upgrade of(HttpServerRequest request) {
            var query = new QueryStringDecoder(request.uri()).parameters();
            ResumePoint resume;
            try {
                resume = resumePointOf(query);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "bad_request",
                        "since_public and since_private must be message ids (whole numbers, 0 or more)");
            }
            var capabilities = new Capabilities("batch".equals(first(query, "presence")),
                    "open".equals(first(query, "channels")), "1".equals(first(query, "typing")),
                    "1".equals(first(query, "markers")), "1".equals(first(query, "edits")), resume);
            var refresh = first(query, "refresh");
            return new Upgrade(tokenOf(request, query), capabilities, "1".equals(refresh) || "true".equals(refresh));
        }
    }

    private static String tokenOf(HttpServerRequest request, Map<String, List<String>> query) {
        var fromQuery = first(query, "token");
        if (fromQuery != null) {
            return fromQuery;
        }
        var authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        var protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (var protocol : protocols.split(",")) {
                if (protocol.trim().startsWith(BEARER_SUBPROTOCOL)) {
                    return protocol.trim().substring(BEARER_SUBPROTOCOL.length());
                }
            }
        }
        return null;
    }

    /**
     * {@code ?since_public=…&since_private=…}: a resume from the ids a client holds (either alone
     * means 0 for the other); null when it gives neither.
     */
    private static ResumePoint resumePointOf(Map<String, List<String>> query) {
        var sincePublic = first(query, "since_public");
        var sincePrivate = first(query, "since_private");
        if (sincePublic == null && sincePrivate == null) {
            return null;
        }
        return new ResumePoint(messageId(sincePublic), messageId(sincePrivate));
    }

    private static long messageId(String text) {
        if (text == null) {
            return 0;
        }
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a message id");
        }
        return Long.parseLong(text);
    }

    private static String first(Map<String, List<String>> query, String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The principal of a valid token of a user who is not banned. */
    Admission admit(String token) {
        var principal = verify(token);
        var checkedAt = System.nanoTime();
        if (bans.banned(principal.userId())) {
            throw new ApiError(403, "banned", "this user is banned");
        }
        return new Admission(principal, checkedAt);
    }

    /** The principal of a {@code refresh_token}: a valid token of the same user, else a refusal for the client. */
    Principal refreshed(Principal current, String token, String nonce) {
        Principal refreshed;
        try {
            refreshed = verify(token);
        } catch (ApiError e) {
            throw new ProtocolException(e.status() == 503 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_TOKEN,
                    e.getMessage(), nonce);
        }
        if (!refreshed.userId().equals(current.userId())) {
            throw new ProtocolException(ErrorCode.INVALID_TOKEN, "the new token belongs to another user", nonce);
        }
        return refreshed;
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
}
