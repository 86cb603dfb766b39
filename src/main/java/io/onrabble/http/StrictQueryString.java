package io.onrabble.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * The first handler of every route: a query string that is not valid percent-encoded UTF-8 (a
 * {@code %} without two hex digits, {@code %C3%28}, {@code %FF}) is answered {@code 400
 * invalid_parameter} naming the parameter, so no route reads a value Vert.x decoded leniently or
 * fails with a 500 on one it could not decode.
 */
public final class StrictQueryString implements Handler<RoutingContext> {
    /** A name worth quoting back; any other is not echoed. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @Override
    public void handle(RoutingContext ctx) {
        for (var parameter : PercentEncoding.query(ctx.request().query())) {
            var name = parameter.name();
            if (name.isEmpty() || parameter.value().isEmpty()) {
                (name.isPresent() && PLAIN_NAME.matcher(name.get()).matches()
                        ? new ApiError(400, "invalid_parameter", "'" + name.get() + "' is not valid percent-encoded UTF-8")
                        : new ApiError(400, "bad_request", "a query parameter is not valid percent-encoded UTF-8"))
                        .send(ctx);
                return;
            }
        }
        ctx.next();
    }
}
