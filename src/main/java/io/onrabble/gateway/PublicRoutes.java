package io.onrabble.gateway;

import io.onrabble.http.ApiError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The routes anyone may call: discovery and health. */
public final class PublicRoutes {
    private PublicRoutes() {
    }

    public static void mount(Router router, Discovery discovery) {
        var discoveryJson = discovery.toJson().encode();
        router.get("/discovery").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(discoveryJson));
        router.get("/healthz").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(new JsonObject().put("status", "ok").encode()));
    }

    /** JSON bodies for the router's own errors: unknown path, wrong method, unexpected failure. */
    public static void mountErrorHandlers(Router router) {
        router.errorHandler(400, ctx -> orDefault(ctx, new ApiError(400, "bad_request", "malformed request")).send(ctx));
        router.errorHandler(403, ctx -> orDefault(ctx, new ApiError(403, "forbidden", "forbidden")).send(ctx));
        router.errorHandler(404, ctx -> new ApiError(404, "not_found", "no such route").send(ctx));
        router.errorHandler(405, ctx -> new ApiError(405, "method_not_allowed", "method not allowed on this route").send(ctx));
        router.errorHandler(413, ctx -> new ApiError(413, "payload_too_large", "the request body is too large").send(ctx));
        router.errorHandler(500, ctx -> orDefault(ctx, new ApiError(500, "internal", "internal server error")).send(ctx));
    }

    private static ApiError orDefault(io.vertx.ext.web.RoutingContext ctx, ApiError fallback) {
        return ctx.failure() instanceof ApiError error ? error : fallback;
    }
}
