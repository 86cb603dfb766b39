package io.onrabble.admin;

import io.onrabble.http.ApiError;
import io.onrabble.ratelimit.RateLimitSettings;
import io.onrabble.store.RateLimitRow;
import io.onrabble.store.UserStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /ratelimits}: the global limit as in the reference, plus per-user overrides under
 * {@code /ratelimits/users[/{user_id}]}. Every change applies at once on every node.
 */
final class RateLimitRoutes {
    private final RateLimitSettings settings;
    private final UserStore users;

    RateLimitRoutes(RateLimitSettings settings, UserStore users) {
        this.settings = settings;
        this.users = users;
    }

    Reply get(RoutingContext ctx) {
        return Reply.ok(new JsonObject().put("rate_limiter", json(settings.defaults())));
    }

    /** Changes any stored row by id (the default, or an override); the dashboard always sends id 1, the default. */
    Reply update(RoutingContext ctx) {
        var body = Body.of(ctx);
        var id = body.requiredInteger("id");
        var messageLimit = messageLimit(body);
        var windowSeconds = windowSeconds(body);
        var row = settings.update(id, messageLimit, windowSeconds)
                .orElseThrow(() -> new ApiError(404, "not_found", "no rate limit has this id"));
        return Reply.ok(new JsonObject().put("message", "Rate limit updated").put("rate_limiter", json(row)));
    }

    Reply listOverrides(RoutingContext ctx) {
        var list = new JsonArray();
        settings.overrides().forEach(row -> list.add(json(row)));
        return Reply.ok(new JsonObject().put("overrides", list));
    }

    Reply getOverride(RoutingContext ctx) {
        var row = settings.override(userId(ctx))
                .orElseThrow(() -> new ApiError(404, "not_found", "this user has no rate limit override"));
        return Reply.ok(new JsonObject().put("rate_limiter", json(row)));
    }

    Reply putOverride(RoutingContext ctx) {
        var userId = userId(ctx);
        var body = Body.of(ctx);
        var messageLimit = messageLimit(body);
        var windowSeconds = windowSeconds(body);
        if (users.find(userId).isEmpty()) {
            throw new ApiError(404, "not_found", "no user has this id");
        }
        return Reply.ok(new JsonObject().put("rate_limiter", json(settings.putOverride(userId, messageLimit, windowSeconds))));
    }

    Reply deleteOverride(RoutingContext ctx) {
        if (!settings.removeOverride(userId(ctx))) {
            throw new ApiError(404, "not_found", "this user has no rate limit override");
        }
        return Reply.noContent();
    }

    private static String userId(RoutingContext ctx) {
        var userId = ctx.pathParam("user_id");
        if (userId == null || userId.isBlank() || userId.equals(RateLimitRow.DEFAULT_OWNER)) {
            throw new ApiError(404, "not_found", "no user has this id");
        }
        return userId;
    }

    private static int messageLimit(Body body) {
        return body.requiredInteger("message_limit", 1, RateLimitSettings.MAX_MESSAGE_LIMIT);
    }

    private static int windowSeconds(Body body) {
        return body.requiredInteger("window_seconds", 1, RateLimitSettings.MAX_WINDOW_SECONDS);
    }

    private static JsonObject json(RateLimitRow row) {
        return new JsonObject()
                .put("id", row.id())
                .put("owner_id", row.ownerId())
                .put("message_limit", row.messageLimit())
                .put("window_seconds", row.windowSeconds());
    }
}
