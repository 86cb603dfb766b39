package io.onrabble.admin;

import io.onrabble.analytics.Analytics;
import io.onrabble.domain.Timestamps;
import io.onrabble.http.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /activity/...}: the reference's session and channel figures, plus per-user usage, message
 * time series and peak concurrency over a chosen range.
 */
final class ActivityRoutes {
    private static final Map<String, Duration> BUCKETS = Map.of("minute", Duration.ofMinutes(1), "hour", Duration.ofHours(1));
    /** The default range of the range-based figures: the last 24 hours. */
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final Analytics analytics;

    ActivityRoutes(Analytics analytics) {
        this.analytics = analytics;
    }

    Reply sessions(RoutingContext ctx) {
        var rows = new JsonArray();
        for (var day : analytics.sessionActivity(new Query(ctx).optional("user_id"))) {
            rows.add(new JsonObject()
                    .put("session_date", day.date().toString())
                    .put("session_count", day.count())
                    .put("total_duration", DurationText.format(day.total()))
                    .put("total_seconds", day.total().toSeconds()));
        }
        return Reply.envelope("session_activity", "Server", new JsonObject().put("session_activity", rows));
    }

    Reply channels(RoutingContext ctx) {
        var rows = new JsonArray();
        analytics.messagesPerChannel().forEach(count -> rows.add(new JsonObject()
                .put("channel", count.channel()).put("message_count", count.count())));
        return Reply.envelope("message_count_by_channel", "Server", new JsonObject().put("channels", rows));
    }

    Reply user(RoutingContext ctx) {
        var range = range(new Query(ctx));
        var usage = analytics.usage(ctx.pathParam("user_id"), range.from(), range.to())
                .orElseThrow(() -> new ApiError(404, "not_found", "no user has this id"));
        var figures = usage.usage();
        return Reply.envelope("user_usage", "Server", new JsonObject()
                .put("user_id", usage.user().id())
                .put("username", usage.user().username())
                .put("from", Timestamps.format(range.from()))
                .put("to", Timestamps.format(range.to()))
                .put("messages", figures.publicMessages())
                .put("private_messages", figures.privateMessages())
                .put("sessions", figures.sessions())
                .put("time_online", DurationText.format(figures.online()))
                .put("time_online_seconds", figures.online().toSeconds())
                .put("online", usage.online())
                .put("first_seen", Timestamps.format(usage.user().firstSeen()))
                .put("last_seen", Timestamps.format(usage.user().lastSeen())));
    }

    Reply messages(RoutingContext ctx) {
        var query = new Query(ctx);
        var bucketName = query.optional("bucket") == null ? "hour" : query.optional("bucket");
        var bucket = BUCKETS.get(bucketName);
        if (bucket == null) {
            throw Query.invalid("bucket", "must be 'minute' or 'hour'");
        }
        var range = range(query);
        if (Analytics.bucketCount(range.from(), range.to(), bucket) > Analytics.MAX_SERIES_POINTS) {
            throw Query.invalid("from", "gives more than " + Analytics.MAX_SERIES_POINTS + " " + bucketName
                    + " buckets; narrow the range or use a larger bucket");
        }
        var series = new JsonArray();
        for (var channel : analytics.messageSeries(range.from(), range.to(), bucket, query.all("channel"))) {
            var points = new JsonArray();
            channel.points().forEach(point -> points.add(new JsonObject()
                    .put("start", Timestamps.format(point.start())).put("count", point.count())));
            series.add(new JsonObject().put("channel", channel.channel()).put("points", points));
        }
        return Reply.envelope("message_series", "Server", new JsonObject()
                .put("bucket", bucketName)
                .put("from", Timestamps.format(range.from()))
                .put("to", Timestamps.format(range.to()))
                .put("series", series));
    }

    Reply peak(RoutingContext ctx) {
        var range = range(new Query(ctx));
        var peak = analytics.peakConcurrentUsers(range.from(), range.to());
        var payload = new JsonObject()
                .put("from", Timestamps.format(range.from()))
                .put("to", Timestamps.format(range.to()))
                .put("peak_concurrent_users", peak.users());
        if (peak.at() != null) {
            payload.put("at", Timestamps.format(peak.at()));
        }
        return Reply.envelope("peak_concurrent_users", "Server", payload);
    }

    private record Range(Instant from, Instant to) {
    }

    /** {@code from}/{@code to} (RFC 3339); {@code to} defaults to now, {@code from} to 24 hours before {@code to}. */
    private Range range(Query query) {
        var to = query.instant("to");
        if (to == null) {
            to = analytics.now();
        }
        var from = query.instant("from");
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        if (!from.isBefore(to)) {
            throw Query.invalid("to", "must be later than 'from'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw Query.invalid("from", "gives a range longer than " + MAX_RANGE.toDays() + " days");
        }
        return new Range(from, to);
    }
}
