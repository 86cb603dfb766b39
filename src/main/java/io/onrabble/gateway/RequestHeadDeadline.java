package io.onrabble.gateway;

import io.onrabble.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes an HTTP connection whose request head (request line and headers) has not fully arrived
 * within the deadline: from the moment it was accepted, and again after each answer on a
 * kept-alive connection (any but the 101 of a WebSocket upgrade). A client that sends nothing, half a request line or its headers a byte at
 * a time then holds its file descriptor for seconds, not for ever.
 */
public final class RequestHeadDeadline {
    private final Vertx vertx;
    private final Duration timeout;
    private final Metrics metrics;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    public RequestHeadDeadline(Vertx vertx, Duration timeout, Metrics metrics) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** The server's connection handler: a new connection starts waiting for its first head. */
    public void opened(HttpConnection connection) {
        connection.closeHandler(v -> cancel(connection));
        arm(connection);
    }

    /** The router's first handler: this request's head has arrived. */
    public void arrived(RoutingContext ctx) {
        var connection = ctx.request().connection();
        cancel(connection);
        // kept alive, the connection waits for its next head (a refused upgrade too); an upgrade (101)
        // leaves HTTP behind for good
        ctx.addEndHandler(ended -> {
            if (ctx.response().getStatusCode() != 101) {
                arm(connection);
            }
        });
        ctx.next();
    }

    private void arm(HttpConnection connection) {
        timers.put(connection, vertx.setTimer(timeout.toMillis(), id -> {
            if (timers.remove(connection, id)) {
                metrics.deadlineExceeded("request_head");
                connection.close();
            }
        }));
    }

    private void cancel(HttpConnection connection) {
        var timer = timers.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
