package io.onrabble.app;

import io.onrabble.admin.AdminApi;
import io.onrabble.analytics.AdminFeed;
import io.onrabble.analytics.Analytics;
import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.auth.TrustedIssuer;
import io.onrabble.broker.MemoryBroker;
import io.onrabble.broker.MemoryPresence;
import io.onrabble.cache.MemoryMessageCache;
import io.onrabble.cache.MessageCache;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.ChatHub;
import io.onrabble.gateway.Blocking;
import io.onrabble.gateway.Discovery;
import io.onrabble.gateway.PublicRoutes;
import io.onrabble.gateway.TokenExpiry;
import io.onrabble.gateway.WebSocketEndpoint;
import io.onrabble.metrics.Metrics;
import io.onrabble.moderation.Bans;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.ratelimit.MemoryRateLimiter;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.ratelimit.RateLimitSettings;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/** The composition root: reads the configuration, wires every adapter, starts and stops the server. */
public final class OnRabbleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnRabbleServer.class);

    private final Config config;
    private final Vertx vertx;
    private final Database database;
    private final MessageCache cache;
    private final Blocking blocking;
    private final ChatHub hub;
    private final WebSocketEndpoint endpoint;
    private final HttpServer http;

    private OnRabbleServer(Config config, Vertx vertx, Database database, MessageCache cache, Blocking blocking,
                           ChatHub hub, WebSocketEndpoint endpoint, HttpServer http) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.cache = cache;
        this.blocking = blocking;
        this.hub = hub;
        this.endpoint = endpoint;
        this.http = http;
    }

    public static OnRabbleServer start(Config config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /** Starts with the given clock; tests pass a fake one to script sessions, bans and analytics. */
    public static OnRabbleServer start(Config config, Clock clock) throws Exception {
        var metrics = new Metrics();
        var database = Database.sqlite(config.dataDir());
        var stores = Stores.jdbc(database);
        var identity = stores.identity().loadOrCreate(config.serverName());
        var cache = new MemoryMessageCache(stores.messages(), config.historySize());
        var rateLimitPolicy = new RateLimitPolicy(stores.rateLimits());
        var rateLimiter = new MemoryRateLimiter(rateLimitPolicy);
        var oidc = config.oidc();
        var verifier = new TokenVerifier(trustedIssuers(config), (int) oidc.leeway().toSeconds(), oidc.roleClient());
        var codec = new Codec(config.maxMessageChars());
        var broker = new MemoryBroker();
        var presence = new MemoryPresence();
        var channelDirectory = new ChannelDirectory(stores.channels());
        var hub = new ChatHub(channelDirectory, cache, stores.users(), stores.sessions(),
                broker, presence, rateLimiter, codec, metrics, config.dashboardClientId(), clock);
        var analytics = new Analytics(stores.analytics(), stores.users(), presence, hub::localSessions,
                config.dashboardClientId(), clock);
        var adminFeed = new AdminFeed(analytics, codec, config.dashboardClientId(), config.admin().role(),
                config.admin().feedInterval());

        var vertx = Vertx.vertx();
        var blocking = new Blocking();
        broker.subscribe(new NodeDeliveries(hub, adminFeed, rateLimitPolicy, blocking.executor()));
        var limits = config.gateway();
        var endpoint = new WebSocketEndpoint(verifier, stores.bans(), hub, codec, metrics, blocking, limits,
                // token lifetimes are real time, as the verifier checks them, whatever clock the domain runs on
                new TokenExpiry(vertx, oidc.expiryWarning(), Clock.systemUTC()), clock, adminFeed);
        var admin = config.admin();
        var adminApi = new AdminApi(
                new AdminApi.Settings(admin.role(), admin.corsOrigins(), admin.maxBodyBytes()),
                verifier, blocking, codec,
                new ChannelManager(stores.channels(), channelDirectory, cache, broker, clock),
                stores.messages(), new MessageDeletion(stores.messages(), cache, broker),
                stores.users(), new Bans(stores.bans(), stores.users(), broker, clock),
                new RateLimitSettings(stores.rateLimits(), rateLimitPolicy, broker, clock), analytics, clock);
        var router = Router.router(vertx);
        PublicRoutes.mount(router, discovery(config, identity.serverId(), identity.serverName()), metrics);
        router.route("/ws").handler(endpoint);
        adminApi.mount(router);
        PublicRoutes.mountErrorHandlers(router);

        var options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxWebSocketFrameSize(limits.hardFrameBytes())
                .setMaxWebSocketMessageSize(limits.hardFrameBytes())
                .setWebSocketClosingTimeout(5)
                // Room for real-world tokens in ?token= or Authorization; larger ones are refused as too large.
                .setMaxInitialLineLength(32 * 1024)
                .setMaxHeaderSize(32 * 1024)
                .setWebSocketSubProtocols(List.of(WebSocketEndpoint.SUBPROTOCOL));
        var http = await(vertx.createHttpServer(options).requestHandler(router).listen());
        vertx.setPeriodic(limits.pingInterval().toMillis(), id -> endpoint.keepAlive());
        // Ticks four times per interval; the feed itself keeps updates at least one interval apart.
        vertx.setPeriodic(Math.max(10, config.admin().feedInterval().toMillis() / 4),
                id -> blocking.executor().execute(adminFeed::flush));

        log.info("OnRabble running in EMBEDDED mode: SQLite database in {}, in-process cache, broker and rate limiter",
                config.dataDir().toAbsolutePath());
        if (oidc.external()) {
            log.info("Accepting tokens from {}", String.join(", ", oidc.issuers()));
        } else {
            log.info("DEVELOPMENT issuer active (loopback only): get a token with 'java -jar onrabble-server.jar token <username>'");
        }
        log.info("Listening on http://{}:{} (WebSocket at /ws)", config.httpHost(), http.actualPort());
        return new OnRabbleServer(config, vertx, database, cache, blocking, hub, endpoint, http);
    }

    /** The configured OIDC issuers, or else the development issuer. */
    private static List<TrustedIssuer> trustedIssuers(Config config) throws IOException {
        var oidc = config.oidc();
        if (!oidc.external()) {
            requireLoopbackForDevIssuer(config.httpHost());
            return List.of(DevIssuer.loadOrCreate(config.dataDir()).trusted());
        }
        var namespaced = oidc.issuers().size() > 1;
        return IntStream.range(0, oidc.issuers().size()).mapToObj(i -> {
            var issuer = oidc.issuers().get(i);
            return new TrustedIssuer(issuer, new OidcKeys(issuer, oidc.jwksUrl(i)), oidc.audiences(), oidc.clientIds(),
                    namespaced ? IssuerNamespace.prefixFor(issuer) : "");
        }).toList();
    }

    /** The development issuer signs tokens for anyone, so it must never face a network. */
    private static void requireLoopbackForDevIssuer(String host) throws UnknownHostException {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new ConfigException("ONRABBLE_HTTP_HOST=" + host + " is not a loopback address, but embedded mode's "
                    + "development issuer accepts tokens for anyone; bind to 127.0.0.1 or configure an OIDC issuer");
        }
    }

    /**
     * What {@code /discovery} advertises. The login endpoints are the first issuer's (read from its
     * metadata, or Keycloak's layout if the provider is not reachable yet); embedded mode has no
     * browser login, so it advertises none.
     */
    private static Discovery discovery(Config config, String serverId, String serverName) {
        var publicUrl = URI.create(config.publicUrl());
        var hostAndPath = withoutScheme(config.publicUrl());
        var wsScheme = "https".equals(publicUrl.getScheme()) ? "wss" : "ws";
        var oidc = config.oidc();
        var healthUrl = oidc.healthUrl() != null ? withoutScheme(oidc.healthUrl()) : hostAndPath + "/healthz";
        var authUrl = "";
        var tokenUrl = "";
        if (oidc.external()) {
            var issuer = oidc.issuers().getFirst();
            try {
                var metadata = OidcKeys.IssuerMetadata.fetch(issuer);
                authUrl = metadata.authorizationEndpoint();
                tokenUrl = metadata.tokenEndpoint();
            } catch (IOException | RuntimeException e) {
                log.warn("could not read the metadata of {} ({}); advertising Keycloak's endpoint layout", issuer, e.getMessage());
                authUrl = issuer + "/protocol/openid-connect/auth";
                tokenUrl = issuer + "/protocol/openid-connect/token";
            }
        }
        return new Discovery(withoutScheme(authUrl), withoutScheme(tokenUrl), healthUrl,
                wsScheme + "://" + hostAndPath + "/ws", config.chatClientId(), serverName, serverId);
    }

    /** The Qt client prefixes {@code https://} itself, so these URLs must not carry a scheme. */
    private static String withoutScheme(String url) {
        return url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    }

    public int port() {
        return http.actualPort();
    }

    /**
     * Graceful stop: refuse new connections, close open ones with 1001, wait (bounded) until their
     * sessions are recorded, then commit what is queued and close the stores.
     */
    @Override
    public void close() {
        try {
            await(http.close());
        } catch (Exception e) {
            log.warn("closing the listener failed: {}", e.getMessage());
        }
        endpoint.closeAll(CloseCode.GOING_AWAY, "server shutting down");
        var deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (!hub.localSessions().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        cache.close();
        blocking.close();
        database.close();
        try {
            await(vertx.close());
        } catch (Exception e) {
            log.warn("closing Vert.x failed: {}", e.getMessage());
        }
        log.info("OnRabble stopped");
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
