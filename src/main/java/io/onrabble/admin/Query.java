package io.onrabble.admin;

import io.onrabble.domain.ControlCharacters;
import io.onrabble.http.ApiError;
import io.onrabble.http.PercentEncoding;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Query and path parameters read strictly: a malformed value is a 400 that names the parameter, never
 * a default. A query string that is not valid percent-encoded UTF-8 never gets here ({@link
 * io.onrabble.http.StrictQueryString} refuses it first, for every route).
 */
final class Query {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_OFFSET = 1_000_000;
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final RoutingContext ctx;

    Query(RoutingContext ctx) {
        this.ctx = ctx;
    }

    /** The value, or null when absent; an empty value counts as absent. */
    String optional(String name) {
        var value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : plain(name, value);
    }

    /**
     * A path parameter such as {@code :user_id}. Vert.x decodes it leniently, so the raw path is
     * decoded once more to refuse bytes that are not UTF-8 (the parameter is the path's only variable part).
     */
    String path(String name) {
        var value = ctx.pathParam(name);
        if (value != null && PercentEncoding.decode(ctx.request().path(), false).isEmpty()) {
            throw invalid(name, "is not valid percent-encoded UTF-8");
        }
        return value == null ? null : plain(name, value);
    }

    String required(String name) {
        var value = optional(name);
        if (value == null) {
            throw invalid(name, "is required");
        }
        return value;
    }

    /** Every non-empty value of a repeatable parameter. */
    List<String> all(String name) {
        return ctx.queryParams().getAll(name).stream().filter(value -> !value.isEmpty())
                .map(value -> plain(name, value)).toList();
    }

    long requiredId(String name) {
        var text = required(name);
        try {
            var value = Long.parseLong(text);
            if (value <= 0) {
                throw invalid(name, "must be a positive integer");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a positive integer");
        }
    }

    int limit() {
        return integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    int offset() {
        return integer("offset", 0, 0, MAX_OFFSET);
    }

    int integer(String name, int fallback, int min, int max) {
        var text = optional(name);
        if (text == null) {
            return fallback;
        }
        try {
            var value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw invalid(name, "must be an integer from " + min + " to " + max);
    }

    /** {@code 1}/{@code true} and {@code 0}/{@code false} (any case); absent is false. */
    boolean flag(String name) {
        var text = optional(name);
        if (text == null || text.equals("0") || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equals("1") || text.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(name, "must be true, false, 1 or 0");
    }

    /**
     * An RFC 3339 timestamp with an offset, e.g. 2025-05-20T14:00:00Z, in the years 1 to 9999 (what
     * RFC 3339 can write and both databases can hold); null when absent.
     */
    Instant instant(String name) {
        var text = optional(name);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an RFC 3339 timestamp such as 2025-05-20T14:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw invalid(name, "must lie in the years 0001 to 9999 (UTC)");
        }
        return instant;
    }

    /** Names, ids and search terms: no control characters (a NUL byte would reach the database). */
    private static String plain(String name, String value) {
        if (ControlCharacters.any(value)) {
            throw invalid(name, "must not contain control characters");
        }
        return value;
    }

    static ApiError invalid(String name, String problem) {
        return new ApiError(400, "invalid_parameter", "'" + name + "' " + problem);
    }
}
