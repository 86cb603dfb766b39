package io.onrabble.app;

import io.onrabble.admin.AdminApi;
import io.onrabble.analytics.AdminFeed;
import io.onrabble.analytics.Analytics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.auth.TrustedIssuer;
import io.onrabble.broker.MemoryBroker;
import io.onrabble.broker.MemoryPresence;
import io.onrabble.cache.MemoryMessageCache;
import io.onrabble.cache.MessageCache;
import io.onrabble.cache.ValkeyMessageCache;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.MessageSearch;
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
import io.onrabble.ratelimit.RateLimiter;
import io.onrabble.ratelimit.ValkeyRateLimiter;
import io.onrabble.store.Database;
import io.onrabble.store.MessageStore;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The composition root: reads the configuration, wires every adapter, starts and stops the server. */
public final class OnRabbleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnRabbleServer.class);
    private static final Duration VALKEY_TIMEOUT = Duration.ofSeconds(2);

    private final Config config;
    private final Vertx vertx;
    private final Database database;
    private final Cache cache;
    private final Blocking blocking;
    private final ChatHub hub;
    private final WebSocketEndpoint endpoint;
    private final HttpServer http;

    private OnRabbleServer(Config config, Vertx vertx, Database database, Cache cache, Blocking blocking,
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
        var database = openDatabase(config);
        var stores = Stores.jdbc(database);
        var identity = stores.identity().loadOrCreate(config.serverName());
        var rateLimitPolicy = new RateLimitPolicy(stores.rateLimits());
        var cache = config.valkey().enabled()
                ? valkeyCache(config, stores.messages(), rateLimitPolicy, metrics)
                : new Cache(new MemoryMessageCache(stores.messages(), config.historySize()),
                        new MemoryRateLimiter(rateLimitPolicy), () -> { });
        var oidc = config.oidc();
        var verifier = new TokenVerifier(trustedIssuers(config), (int) oidc.leeway().toSeconds(), oidc.roleClient());
        var codec = new Codec(config.maxMessageChars());
        var broker = new MemoryBroker();
        var presence = new MemoryPresence();
        var channelDirectory = new ChannelDirectory(stores.channels());
        var hub = new ChatHub(channelDirectory, cache.messages(), stores.users(), stores.sessions(),
                broker, presence, cache.rateLimiter(), codec, metrics, config.dashboardClientId(), clock);
        var analytics = new Analytics(stores.analytics(), cache.messages(), stores.users(), presence, hub::localSessions,
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
                new ChannelManager(stores.channels(), channelDirectory, cache.messages(), broker, clock),
                new MessageSearch(stores.messages(), cache.messages()),
                new MessageDeletion(stores.messages(), cache.messages(), broker),
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

        log.info("Store: {}", config.database().postgresql()
                ? "PostgreSQL at " + config.database().target().redacted()
                : "SQLite (embedded) in " + config.dataDir().toAbsolutePath());
        log.info("Message cache, durable queue and rate limiter: {}", config.valkey().enabled()
                ? "Valkey at " + config.valkey().redacted() + " (key prefix '" + config.valkey().keyPrefix() + "')"
                : "in-process (embedded; every message is committed to the database before it is acked)");
        log.info("Broker and presence: in-process (single node)");
        if (oidc.external()) {
            log.info("Identity: tokens from {}", String.join(", ", oidc.issuers()));
        } else {
            log.info("Identity: DEVELOPMENT issuer (loopback only): get a token with 'java -jar onrabble-server.jar token <username>'");
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

    /** The relational database the configuration selects, with its schema migrated. */
    static Database openDatabase(Config config) {
        if (!config.database().postgresql()) {
            return Database.sqlite(config.dataDir());
        }
        var target = config.database().target();
        return Database.postgresql(target.jdbcUrl(), target.user(), target.password(), config.database().poolSize());
    }

    /** The adapters that share one Valkey, and how to let go of the connection they share. */
    private record Cache(MessageCache messages, RateLimiter rateLimiter, Runnable disconnect) {
    }

    private static Cache valkeyCache(Config config, MessageStore store, RateLimitPolicy policy, Metrics metrics) {
        var uri = config.valkey().uri();
        uri.setTimeout(VALKEY_TIMEOUT);
        var client = RedisClient.create(uri);
        // While Valkey is away, refuse commands at once (the sender gets 'unavailable') instead of
        // queueing them, and give up on a command that gets no answer; reconnect in the background.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(VALKEY_TIMEOUT))
                .build());
        try {
            var prefix = config.valkey().keyPrefix();
            var messages = new ValkeyMessageCache(client.connect(StringCodec.UTF8), client.connect(StringCodec.UTF8),
                    prefix, store, config.historySize(), config.flush(), consumerName(), config.shutdownTimeout(), metrics);
            var limiter = new ValkeyRateLimiter(policy,
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)), prefix);
            return new Cache(messages, limiter, client::shutdown);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** One consumer name per running node: a restarted node's leftovers are claimed like a dead node's. */
    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
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
     * sessions are recorded, close the listener, then flush what is queued to the database and close the stores.
     */
    @Override
    public void close() {
        // The endpoint refuses new connections from here on; closing the listener first would close
        // the open ones with 1000 instead of telling them the server is going away.
        try {
            endpoint.closeAll(CloseCode.GOING_AWAY, "server shutting down")
                    .get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} connections were still closing after {}; stopping anyway", hub.localSessions().size(),
                    config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("closing connections failed: {}", e.getCause().getMessage());
        }
        try {
            await(http.close());
        } catch (Exception e) {
            log.warn("closing the listener failed: {}", e.getMessage());
        }
        cache.messages().close();
        cache.disconnect().run();
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
