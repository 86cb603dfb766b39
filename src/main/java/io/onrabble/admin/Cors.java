package io.onrabble.admin;

import io.onrabble.http.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * CORS for the admin API: only the configured origins (none by default), methods GET, POST, PUT,
 * PATCH and DELETE, request headers Content-Type and Authorization. A request from any other origin is
 * refused with 403 (preflight or not); requests without an Origin header (not from a browser, or
 * same-origin GETs) pass. Vert.x's CorsHandler allows every origin when given none, which is not
 * the default we want, hence this small handler.
 */
final class Cors implements Handler<RoutingContext> {
    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    private static final String HEADERS = "Content-Type, Authorization";

    private final Set<String> origins;

    Cors(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    @Override
    public void handle(RoutingContext ctx) {
        var origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        var response = ctx.response();
        response.putHeader("Vary", "Origin");
        if (!origins.contains(origin)) {
            new ApiError(403, "origin_not_allowed", "origin '" + origin + "' is not allowed").send(ctx);
            return;
        }
        response.putHeader("Access-Control-Allow-Origin", origin);
        var preflight = ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            response.putHeader("Access-Control-Allow-Methods", METHODS)
                    .putHeader("Access-Control-Allow-Headers", HEADERS)
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204).end();
            return;
        }
        ctx.next();
    }
}
