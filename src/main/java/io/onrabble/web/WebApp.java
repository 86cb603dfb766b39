package io.onrabble.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The bundled web app: the chat at {@code /}, the admin dashboard at {@code /admin}, their scripts
 * and styles under {@code /assets/<build>/} and browser libraries (WebJars) under
 * {@code /webjars/<name>/<version>/}, and {@code /app-config.json}, what the pages need to sign in
 * and connect. Everything here is public: what the pages show comes through the authenticated API
 * and WebSocket. Versioned paths are cached for a year; the pages and the config are revalidated.
 */
public final class WebApp {
    private static final String ASSETS = "/assets/";
    private static final String LONG_LIVED = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private WebApp() {
    }

    public static void mount(Router router, WebSettings settings) {
        var build = buildId();
        var assets = ASSETS + build;
        var headers = new SecurityHeaders(settings);
        var chat = Page.load("web/index.html", assets);
        var admin = Page.load("web/admin.html", assets);
        var config = appConfig(settings).encode();

        router.get("/").handler(headers).handler(chat);
        router.get("/admin").handler(headers).handler(admin);
        router.get("/app-config.json").handler(headers).handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE)
                .end(config));
        router.get(assets + "/*").handler(headers).handler(longLived())
                .handler(staticFiles("web/assets"));
        router.get("/webjars/*").handler(headers).handler(longLived())
                .handler(staticFiles("META-INF/resources/webjars"));
    }

    private static JsonObject appConfig(WebSettings settings) {
        return new JsonObject()
                .put("issuer", settings.issuerUrl())
                .put("development_issuer", settings.developmentIssuer())
                .put("chat_client_id", settings.chatClientId())
                .put("dashboard_client_id", settings.dashboardClientId())
                .put("admin_role", settings.adminRole())
                .put("ws_url", settings.webSocketUrl())
                .put("feed_interval_ms", settings.feedInterval().toMillis());
    }

    /** Serves files from the class path (the jar); its own caching is off, the path version does that job. */
    private static StaticHandler staticFiles(String root) {
        return StaticHandler.create(root)
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8");
    }

    private static Handler<RoutingContext> longLived() {
        return ctx -> {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200) {
                    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, LONG_LIVED);
                }
            });
            ctx.next();
        };
    }

    /** This build's id (set by the Maven build): a new build gets new asset paths, so no stale script is ever used. */
    static String buildId() {
        try (var in = WebApp.class.getClassLoader().getResourceAsStream("web/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("web/build.properties is missing from the class path");
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("build").replaceAll("[^A-Za-z0-9.-]", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
