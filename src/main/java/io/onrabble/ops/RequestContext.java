package io.onrabble.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The first handler of every request: works out the client's address (through trusted proxies
 * only) and the request id, answers the id in {@code X-Request-Id}, and logs the request at debug
 * level (path without the query string, which may carry a token).
 */
public final class RequestContext implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(RequestContext.class);
    private static final String CLIENT_ADDRESS = "onrabble.clientAddress";
    private static final String HEADER = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final TrustedProxies proxies;

    public RequestContext(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var request = ctx.request();
        var peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        var client = proxies.clientAddress(peer, request.headers().getAll("X-Forwarded-For"));
        var incoming = request.getHeader(HEADER);
        // A proxy's id ties our line to its access log line; anyone else's could be chosen to confuse the logs.
        var id = incoming != null && proxies.trusts(peer) && SANE_ID.matcher(incoming).matches()
                ? incoming : UUID.randomUUID().toString();
        ctx.put(CLIENT_ADDRESS, client);
        ctx.put(LogContext.REQUEST_ID, id);
        ctx.response().putHeader(HEADER, id);
        if (log.isDebugEnabled()) {
            var started = System.nanoTime();
            ctx.addEndHandler(done -> {
                try (var mdc = MDC.putCloseable(LogContext.REQUEST_ID, id)) {
                    log.debug("{} {} {} {}ms from {}", request.method(), request.path(), ctx.response().getStatusCode(),
                            (System.nanoTime() - started) / 1_000_000, client);
                }
            });
        }
        ctx.next();
    }

    /** The client's address as this handler resolved it: the place for per-IP decisions. */
    public static String clientAddress(RoutingContext ctx) {
        return ctx.get(CLIENT_ADDRESS);
    }

    public static String requestId(RoutingContext ctx) {
        return ctx.get(LogContext.REQUEST_ID);
    }
}
