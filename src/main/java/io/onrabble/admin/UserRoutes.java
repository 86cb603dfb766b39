package io.onrabble.admin;

import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.domain.Timestamps;
import io.onrabble.http.ApiError;
import io.onrabble.moderation.Bans;
import io.onrabble.moderation.Disconnects;
import io.onrabble.store.BanRecord;
import io.onrabble.store.UserStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

/** {@code /users}, {@code /users/ban}, {@code /users/bans} and {@code /users/{id}/disconnect}: our directory, bans, pardons, ending sessions. */
final class UserRoutes {
    /** A hundred years: longer is a permanent ban and should say so. */
    static final double MAX_BAN_HOURS = 876_000;
    static final int MAX_ID_CHARS = 255;

    private final UserStore users;
    private final Bans bans;
    private final Disconnects disconnects;
    private final Clock clock;

    UserRoutes(UserStore users, Bans bans, Disconnects disconnects, Clock clock) {
        this.users = users;
        this.bans = bans;
        this.disconnects = disconnects;
        this.clock = clock;
    }

    /** A case-insensitive username prefix search over users who have connected at least once. */
    Reply search(RoutingContext ctx) {
        var query = new Query(ctx);
        var prefix = query.optional("username");
        var page = users.search(prefix == null ? "" : prefix, clock.instant(), query.limit(), query.offset());
        var list = new JsonArray();
        page.items().forEach(user -> list.add(new JsonObject()
                .put("id", user.id()).put("username", user.username()).put("is_banned", user.banned())));
        return Reply.envelope("user_search_result", "server",
                new JsonObject().put("users", list).put("has_more", page.hasMore()));
    }

    Reply ban(RoutingContext ctx) {
        var body = Body.of(ctx);
        var userId = body.requiredName("banished_id");
        if (userId.length() > MAX_ID_CHARS) {
            throw Body.invalid("banished_id", "is longer than " + MAX_ID_CHARS + " characters");
        }
        var reason = body.string("reason");
        if (reason != null && reason.codePointCount(0, reason.length()) > Bans.MAX_REASON_CHARS) {
            throw Body.invalid("reason", "is longer than " + Bans.MAX_REASON_CHARS + " characters");
        }
        if (reason != null && reason.isBlank()) {
            reason = null;
        }
        var hours = body.number("duration");
        var duration = hours == null ? null : banDuration(hours);
        var ban = bans.ban(AdminAuth.principal(ctx).userId(), userId, reason, duration);
        return Reply.ok(new JsonObject()
                .put("message", "User banned successfully")
                .put("banished", userId)
                .put("reason", reason == null ? "" : reason)
                .put("duration", hours == null ? "Permanent" : BigDecimal.valueOf(hours).stripTrailingZeros().toPlainString() + " hours")
                .put("ban_id", String.valueOf(ban.id())));
    }

    /** Hours, possibly fractional (e.g. 0.5), greater than zero; absent or null means permanent. */
    private static Duration banDuration(double hours) {
        if (!(hours > 0) || hours > MAX_BAN_HOURS) {
            throw Body.invalid("duration", "must be a number of hours greater than 0 and at most " + (long) MAX_BAN_HOURS
                    + "; leave it out or send null for a permanent ban");
        }
        var millis = Math.round(hours * 3_600_000);
        if (millis == 0) {
            throw Body.invalid("duration", "is shorter than a millisecond");
        }
        return Duration.ofMillis(millis);
    }

    /** Closes every open connection of the user on every node; the user may connect again. */
    Reply disconnect(RoutingContext ctx) {
        var userId = new Query(ctx).path("user_id");
        if (userId.length() > MAX_ID_CHARS) {
            throw new ApiError(400, "bad_request", "user_id is longer than " + MAX_ID_CHARS + " characters");
        }
        try {
            disconnects.endSessions(userId);
        } catch (BrokerUnavailableException e) {
            throw new ApiError(503, "unavailable", "the other nodes cannot be reached; try again");
        }
        return Reply.ok(new JsonObject().put("message", "Sessions ended").put("user_id", userId));
    }

    Reply pardon(RoutingContext ctx) {
        var banId = new Query(ctx).requiredId("ban_id");
        if (bans.pardon(banId).isEmpty()) {
            throw new ApiError(404, "not_found", "no ban has this id");
        }
        return Reply.ok(new JsonObject().put("message", "User pardoned successfully").put("ban_id", String.valueOf(banId)));
    }

    Reply list(RoutingContext ctx) {
        var query = new Query(ctx);
        var page = bans.list(query.limit(), query.offset());
        var records = new JsonArray();
        page.items().forEach(record -> records.add(json(record)));
        return Reply.envelope("ban_records_result", "server",
                new JsonObject().put("records", records).put("has_more", page.hasMore()));
    }

    /** The reference's record: {@code id} as a string; {@code reason}, {@code end} and {@code duration} left out when absent. */
    private static JsonObject json(BanRecord record) {
        var ban = record.ban();
        var json = new JsonObject()
                .put("id", String.valueOf(ban.id()))
                .put("owner_id", ban.ownerId())
                .put("banished_id", ban.banishedId())
                .put("banished_username", record.banishedUsername() == null ? "[Unknown]" : record.banishedUsername());
        if (ban.reason() != null) {
            json.put("reason", ban.reason());
        }
        json.put("start", Timestamps.format(ban.start()));
        if (ban.end() != null) {
            var length = Duration.between(ban.start(), ban.end());
            json.put("end", Timestamps.format(ban.end()))
                    .put("duration", DurationText.format(length))
                    .put("duration_seconds", length.toSeconds());
        }
        return json.put("pardoned", ban.pardoned());
    }
}
