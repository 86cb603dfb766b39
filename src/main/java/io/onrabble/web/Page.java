package io.onrabble.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One HTML page of the app, read from the class path once, with {@code {{assets}}} replaced by
 * this build's asset path. Browsers revalidate it on every load (ETag), so a new build is picked
 * up at once.
 */
final class Page implements Handler<RoutingContext> {
    private final String html;
    private final String etag;

    private Page(String html) {
        this.html = html;
        this.etag = "\"" + sha256(html).substring(0, 32) + "\"";
    }

    static Page load(String resource, String assets) {
        try (var in = Page.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return new Page(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{assets}}", assets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        var response = ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.ETAG, etag);
        if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(html);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
