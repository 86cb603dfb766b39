package io.onrabble.admin;

import io.onrabble.auth.InvalidTokenException;
import io.onrabble.auth.KeySourceUnavailableException;
import io.onrabble.auth.Principal;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.concurrent.Blocking;
import io.onrabble.http.ApiError;
import io.onrabble.moderation.Bans;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} for a token that verifies
 * (401 otherwise) and carries the admin role (403 otherwise) of a user who is not banned (403
 * {@code banned}: a ban takes the admin API too, so a banned admin cannot lift their own ban;
 * another admin can). The ban is read from the in-memory ban list, so it holds while the database
 * is down. Verification may fetch issuer keys, so it runs off the event loop.
 */
final class AdminAuth implements Handler<RoutingContext> {
    private static final String PRINCIPAL = "onrabble.principal";
    private static final String BEARER = "bearer ";

    private final TokenVerifier verifier;
    private final Bans bans;
    private final Blocking blocking;
    private final String adminRole;

    AdminAuth(TokenVerifier verifier, Bans bans, Blocking blocking, String adminRole) {
        this.verifier = verifier;
        this.bans = bans;
        this.blocking = blocking;
        this.adminRole = adminRole;
    }

    /** A verified token, and for an admin whether they are banned (not looked up for anyone else). */
    private record Caller(Principal principal, boolean admin, boolean banned) {
    }

    @Override
    public void handle(RoutingContext ctx) {
        var header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(ctx, "an 'Authorization: Bearer <access token>' header is required");
            return;
        }
        var token = header.substring(BEARER.length()).trim();
        blocking.call(ctx.vertx().getOrCreateContext(), () -> {
                    var principal = verifier.verify(token);
                    var admin = principal.hasRole(adminRole);
                    return new Caller(principal, admin, admin && bans.isBanned(principal.userId()));
                })
                .onSuccess(caller -> {
                    if (!caller.admin()) {
                        new ApiError(403, "forbidden", "this route requires the '" + adminRole + "' role").send(ctx);
                    } else if (caller.banned()) {
                        new ApiError(403, "banned", "this user is banned").send(ctx);
                    } else {
                        ctx.put(PRINCIPAL, caller.principal());
                        ctx.next();
                    }
                })
                .onFailure(e -> {
                    if (e instanceof KeySourceUnavailableException) {
                        new ApiError(503, "unavailable", "the identity provider cannot be reached; try again").send(ctx);
                    } else {
                        unauthorized(ctx, e instanceof InvalidTokenException invalid
                                ? invalid.getMessage() : "the token could not be verified");
                    }
                });
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        new ApiError(401, "unauthorized", message).send(ctx);
    }

    /** The verified admin of a request that passed this handler. */
    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }
}
