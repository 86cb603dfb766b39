package io.onrabble.admin;

import io.onrabble.analytics.Analytics;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.MessageSearch;
import io.onrabble.concurrent.Blocking;
import io.onrabble.moderation.Bans;
import io.onrabble.moderation.Disconnects;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.protocol.Codec;
import io.onrabble.ratelimit.RateLimitSettings;
import io.onrabble.store.UserStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin REST API: every route needs a bearer token with the admin role, answers JSON and runs
 * its work off the event loop. Paths, methods and shapes follow the protocol reference (section 2);
 * docs/admin-api.md and /openapi.json describe them.
 */
public final class AdminApi {
    /** The settings of the API itself. */
    public record Settings(String adminRole, List<String> corsOrigins, int maxBodyBytes, String metricsToken) {
    }

    private final Settings settings;
    private final AdminAuth auth;
    private final Runner runner;
    private final ChannelRoutes channels;
    private final MessageRoutes messages;
    private final UserRoutes users;
    private final RateLimitRoutes rateLimits;
    private final ActivityRoutes activity;

    public AdminApi(Settings settings, TokenVerifier verifier, Blocking blocking, Codec codec, ChannelManager channelManager,
                    MessageSearch messageSearch, MessageDeletion deletion, UserStore userStore, Bans bans,
                    Disconnects disconnects, RateLimitSettings rateLimitSettings, Analytics analytics, Clock clock) {
        this.settings = settings;
        this.auth = new AdminAuth(verifier, blocking, settings.adminRole());
        this.runner = new Runner(blocking);
        this.channels = new ChannelRoutes(channelManager, codec);
        this.messages = new MessageRoutes(messageSearch, deletion);
        this.users = new UserRoutes(userStore, bans, disconnects, clock);
        this.rateLimits = new RateLimitRoutes(rateLimitSettings, userStore);
        this.activity = new ActivityRoutes(analytics);
    }

    public void mount(Router router) {
        router.route().handler(new Cors(new HashSet<>(settings.corsOrigins())));
        router.get("/openapi.json").handler(openApi());
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));

        route(router, HttpMethod.GET, "/channels", channels::list);
        route(router, HttpMethod.POST, "/channels", channels::create);
        route(router, HttpMethod.PATCH, "/channels", channels::update);
        route(router, HttpMethod.DELETE, "/channels", channels::delete);

        route(router, HttpMethod.GET, "/messages", messages::search);
        route(router, HttpMethod.DELETE, "/messages", messages::delete);

        route(router, HttpMethod.GET, "/users", users::search);
        route(router, HttpMethod.POST, "/users/ban", users::ban);
        route(router, HttpMethod.DELETE, "/users/ban", users::pardon);
        route(router, HttpMethod.GET, "/users/bans", users::list);
        route(router, HttpMethod.POST, "/users/:user_id/disconnect", users::disconnect);

        route(router, HttpMethod.GET, "/ratelimits", rateLimits::get);
        route(router, HttpMethod.PATCH, "/ratelimits", rateLimits::update);
        route(router, HttpMethod.GET, "/ratelimits/users", rateLimits::listOverrides);
        route(router, HttpMethod.GET, "/ratelimits/users/:user_id", rateLimits::getOverride);
        route(router, HttpMethod.PUT, "/ratelimits/users/:user_id", rateLimits::putOverride);
        route(router, HttpMethod.DELETE, "/ratelimits/users/:user_id", rateLimits::deleteOverride);

        route(router, HttpMethod.GET, "/activity/sessions", activity::sessions);
        route(router, HttpMethod.GET, "/activity/channels", activity::channels);
        route(router, HttpMethod.GET, "/activity/users/:user_id", activity::user);
        route(router, HttpMethod.GET, "/activity/messages", activity::messages);
        route(router, HttpMethod.GET, "/activity/peak", activity::peak);
    }

    /**
     * {@code GET /metrics}: Prometheus text for an admin token, or for a scraper that presents the
     * static {@code ONRABBLE_METRICS_TOKEN} (Prometheus cannot fetch OIDC tokens).
     */
    public void mountMetrics(Router router, Supplier<String> scrape) {
        var scraperToken = settings.metricsToken() == null ? null
                : ("Bearer " + settings.metricsToken()).getBytes(StandardCharsets.UTF_8);
        router.get("/metrics").handler(ctx -> {
            var header = ctx.request().getHeader("Authorization");
            if (scraperToken != null && header != null
                    && MessageDigest.isEqual(scraperToken, header.trim().getBytes(StandardCharsets.UTF_8))) {
                ctx.next();
            } else {
                auth.handle(ctx);
            }
        }).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.get()));
    }

    private void route(Router router, HttpMethod method, String path, Function<RoutingContext, Reply> work) {
        router.route(method, path).handler(auth).handler(runner.of(work));
    }

    /** The OpenAPI description, public like /discovery: it documents the API, it grants nothing. */
    private static Handler<RoutingContext> openApi() {
        byte[] document;
        try (var in = AdminApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var body = io.vertx.core.buffer.Buffer.buffer(document);
        return ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body);
    }
}
