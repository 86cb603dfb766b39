package io.onrabble.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * What to tell a client whose request the router refused as malformed (400) before any route ran,
 * e.g. because a route with path parameters made Vert.x decode a query string that is not valid
 * percent-encoding: the parameter to blame when there is one.
 */
public final class MalformedRequest {
    private MalformedRequest() {
    }

    public static ApiError of(RoutingContext ctx) {
        var broken = PercentEncoding.query(ctx.request().query()).entrySet().stream()
                .filter(parameter -> parameter.getValue().stream().anyMatch(Optional::isEmpty))
                .findFirst();
        if (broken.isPresent()) {
            return new ApiError(400, "invalid_parameter", "'" + broken.get().getKey() + "' is not valid percent-encoded UTF-8");
        }
        if (PercentEncoding.decode(ctx.request().path(), false).isEmpty()) {
            return new ApiError(400, "bad_request", "the path is not valid percent-encoded UTF-8");
        }
        return new ApiError(400, "bad_request", "malformed request");
    }
}
