package io.onrabble.admin;

import io.onrabble.http.ApiError;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Query parameters read strictly: a malformed value is a 400 that names the parameter, never a default. */
final class Query {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_OFFSET = 1_000_000;

    private final RoutingContext ctx;

    Query(RoutingContext ctx) {
        this.ctx = ctx;
    }

    /** The value, or null when absent; an empty value counts as absent. */
    String optional(String name) {
        var value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
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
        return ctx.queryParams().getAll(name).stream().filter(value -> !value.isEmpty()).toList();
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

    /** An RFC 3339 timestamp with an offset, e.g. 2025-05-20T14:00:00Z; null when absent. */
    Instant instant(String name) {
        var text = optional(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an RFC 3339 timestamp such as 2025-05-20T14:00:00Z");
        }
    }

    static ApiError invalid(String name, String problem) {
        return new ApiError(400, "invalid_parameter", "'" + name + "' " + problem);
    }
}
