package io.onrabble.admin;

import io.onrabble.concurrent.Blocking;
import io.onrabble.http.ApiError;
import io.onrabble.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Runs a route's work (parsing, validation, the feature call) on a virtual thread and answers with
 * its reply or its error as JSON: {@link ApiError} as it is, an unreachable store as 503, anything
 * else as a logged 500 with no details.
 */
final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final Blocking blocking;

    Runner(Blocking blocking) {
        this.blocking = blocking;
    }

    Handler<RoutingContext> of(Function<RoutingContext, Reply> work) {
        return ctx -> blocking.call(ctx.vertx().getOrCreateContext(), () -> work.apply(ctx))
                .onSuccess(reply -> reply.send(ctx))
                .onFailure(e -> fail(ctx, e));
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiError error) {
            error.send(ctx);
        } else if (e instanceof StoreException) {
            log.warn("{} {} failed: database unavailable: {}", ctx.request().method(), ctx.normalizedPath(), e.getMessage());
            new ApiError(503, "unavailable", "the database is unavailable; try again").send(ctx);
        } else {
            log.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), e);
            new ApiError(500, "internal", "internal server error").send(ctx);
        }
    }
}
