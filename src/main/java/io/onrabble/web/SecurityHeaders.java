package io.onrabble.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every page and asset of the web app carries: a strict Content-Security-Policy (scripts
 * and styles only from this server, no inline script or style, connections only to this server and
 * the issuer, never framed), no referrer across origins, no content sniffing.
 */
final class SecurityHeaders implements Handler<RoutingContext> {
    private final String policy;

    SecurityHeaders(WebSettings settings) {
        var ws = WebSettings.origin(settings.webSocketUrl());
        var issuer = WebSettings.origin(settings.issuerUrl());
        this.policy = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self' " + ws + " " + issuer,
                "form-action 'self'",
                "base-uri 'none'",
                "frame-ancestors 'none'");
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
                .set("Content-Security-Policy", policy)
                .set("Referrer-Policy", "no-referrer")
                .set("X-Content-Type-Options", "nosniff")
                .set("Cross-Origin-Opener-Policy", "same-origin");
        ctx.next();
    }
}
