package io.onrabble.app;

import io.onrabble.admin.AdminApi;
import io.onrabble.analytics.AdminFeed;
import io.onrabble.analytics.Analytics;
import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.auth.dev.DevOidcRoutes;
import io.onrabble.broker.PresenceHeartbeat;
import io.onrabble.broker.ValkeyPresence;
import io.onrabble.chat.Attendance;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.ConnectSequence;
import io.onrabble.chat.MessageSearch;
import io.onrabble.chat.MessageSender;
import io.onrabble.chat.PresenceFeed;
import io.onrabble.chat.PublicHistory;
import io.onrabble.chat.UserPresence;
import io.onrabble.concurrent.Blocking;
import io.onrabble.gateway.ClientFrames;
import io.onrabble.gateway.ConnectionLifecycle;
import io.onrabble.gateway.Handshake;
import io.onrabble.gateway.PublicRoutes;
import io.onrabble.gateway.TokenExpiry;
import io.onrabble.gateway.WebSocketEndpoint;
import io.onrabble.metrics.Metrics;
import io.onrabble.moderation.BanCheck;
import io.onrabble.moderation.Bans;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.ratelimit.RateLimitSettings;
import io.onrabble.store.BufferedUserStore;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The composition root: reads the configuration, wires every adapter, starts and stops the server. */
public final class OnRabbleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnRabbleServer.class);
    /** How long a development sign-in can be refreshed: a working day, like the realms' SSO session. */
    private static final Duration DEV_SESSION = Duration.ofHours(10);
    /**
     * How long a "not banned" answer is kept for connects: a ban forgets it at once on every node through
     * the broker, so this bounds only a ban whose broadcast failed.
     */
    private static final Duration BAN_CHECK_TTL = Duration.ofMinutes(1);
    /** How often the user directory's sightings are written, as one batch. */
    private static final Duration USER_FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final Config config;
    private final Vertx vertx;
    private final Database database;
    private final SharedAdapters shared;
    private final Blocking blocking;
    private final ChatHub hub;
    private final BufferedUserStore users;
    private final HttpServer http;
    private final List<Long> timers;

    private OnRabbleServer(Config config, Vertx vertx, Database database, SharedAdapters shared, Blocking blocking,
                           ChatHub hub, BufferedUserStore users, HttpServer http, List<Long> timers) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.shared = shared;
        this.blocking = blocking;
        this.hub = hub;
        this.users = users;
        this.http = http;
        this.timers = timers;
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
        var users = new BufferedUserStore(stores.users());
        var rateLimitPolicy = new RateLimitPolicy(stores.rateLimits());
        var nodeId = nodeId();
        var shared = SharedAdapters.select(config, stores.messages(), rateLimitPolicy, metrics, nodeId);
        var broker = shared.broker();
        var presence = shared.presence();
        var oidc = config.oidc();
        var devIssuer = TrustedIssuers.devIssuer(config);
        var verifier = new TokenVerifier(TrustedIssuers.of(config, devIssuer), (int) oidc.leeway().toSeconds(),
                oidc.roleClient());
        var codec = new Codec(config.maxMessageChars());
        var channelDirectory = new ChannelDirectory(stores.channels());
        var hub = new ChatHub(metrics);
        var userPresence = new UserPresence(presence, broker, codec, hub, config.dashboardClientId());
        var presenceSettings = config.presence();
        var blocking = new Blocking();
        // Without intervals, each presence event is sent as it arrives: the in-process broker delivers on the
        // publishing virtual thread, which may block; Lettuce's I/O thread must not, so Valkey's go elsewhere.
        var presenceFeed = new PresenceFeed(presence, hub, codec, presenceSettings,
                config.valkey().enabled() ? blocking.executor() : Runnable::run);
        var publicHistory = new PublicHistory(shared.journal(), channelDirectory, codec);
        var connectSequence = new ConnectSequence(userPresence, presenceFeed,
                new Attendance(users, stores.sessions(), clock), publicHistory, shared.journal(), codec, metrics);
        var sender = new MessageSender(channelDirectory, shared.journal(), users, broker, shared.rateLimiter(),
                codec, metrics, clock);
        var analytics = new Analytics(stores.analytics(), shared.journal(), users, presence, hub::sessions,
                config.dashboardClientId(), clock);
        var adminFeed = new AdminFeed(analytics, codec, hub, config.dashboardClientId(), config.admin().role(),
                config.admin().feedInterval());

        var vertx = Vertx.vertx();
        var timers = new ArrayList<Long>();
        var banCheck = new BanCheck(stores.bans(), clock, BAN_CHECK_TTL);
        broker.subscribe(new NodeEvents(hub, publicHistory, presenceFeed, channelDirectory, banCheck, adminFeed, rateLimitPolicy, codec, blocking.executor()));
        if (presence instanceof ValkeyPresence valkeyPresence) {
            var heartbeat = new PresenceHeartbeat(valkeyPresence, broker, codec, userPresence::localConnections);
            timers.add(vertx.setPeriodic(valkeyPresence.heartbeatInterval().toMillis(),
                    id -> blocking.executor().execute(heartbeat)));
        }
        var limits = config.gateway();
        // token lifetimes are real time, as the verifier checks them, whatever clock the domain runs on
        var expiry = new TokenExpiry(vertx, oidc.expiryWarning(), Clock.systemUTC(), codec);
        var handshake = new Handshake(verifier, banCheck);
        var connections = new ConnectionLifecycle(hub, connectSequence,
                new ClientFrames(codec, sender, presenceFeed, handshake, expiry, metrics), banCheck, expiry, adminFeed);
        var endpoint = new WebSocketEndpoint(handshake, hub, connections, blocking, limits, metrics, clock);
        var admin = config.admin();
        var adminApi = new AdminApi(
                new AdminApi.Settings(admin.role(), admin.corsOrigins(), admin.maxBodyBytes(), admin.metricsToken()),
                verifier, blocking, codec,
                new ChannelManager(stores.channels(), stores.messages(), channelDirectory, shared.journal(), broker, clock),
                new MessageSearch(stores.messages(), shared.journal()),
                new MessageDeletion(stores.messages(), shared.journal(), broker, codec),
                users, new Bans(stores.bans(), users, broker, clock),
                new RateLimitSettings(stores.rateLimits(), rateLimitPolicy, broker, clock), analytics, clock);
        var router = Router.router(vertx);
        PublicRoutes.mount(router, DiscoveryDocument.of(config, identity));
        devIssuer.ifPresent(issuer -> new DevOidcRoutes(issuer, Set.of(config.chatClientId(), config.dashboardClientId()),
                config.publicUrl(), new DevOidcRoutes.Lifetimes(oidc.devTokenTtl(), DEV_SESSION), Clock.systemUTC())
                .mount(router));
        router.route("/ws").handler(endpoint);
        adminApi.mount(router);
        adminApi.mountMetrics(router, metrics::scrape);
        PublicRoutes.mountErrorHandlers(router);

        var options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxWebSocketFrameSize(limits.hardFrameBytes())
                .setMaxWebSocketMessageSize(limits.hardFrameBytes())
                .setWebSocketClosingTimeout(5)
                // Cleartext HTTP/2 upgrades (h2c) broke large responses to the JDK's HttpClient; clients and
                // proxies speak HTTP/1.1 here, and TLS belongs to the proxy in front.
                .setHttp2ClearTextEnabled(false)
                // Room for real-world tokens in ?token= or Authorization; larger ones are refused as too large.
                .setMaxInitialLineLength(32 * 1024)
                .setMaxHeaderSize(32 * 1024)
                .setWebSocketSubProtocols(List.of(WebSocketEndpoint.SUBPROTOCOL));
        var http = await(vertx.createHttpServer(options).requestHandler(router).listen());
        timers.add(vertx.setPeriodic(limits.pingInterval().toMillis(), id -> hub.keepAlive(limits.pingTimeout())));
        timers.add(vertx.setPeriodic(USER_FLUSH_INTERVAL.toMillis(), id -> blocking.executor().execute(() -> {
            try {
                users.flush();
            } catch (RuntimeException e) {
                log.warn("could not write the user directory, will retry: {}", e.getMessage());
            }
        })));
        if (!presenceSettings.interval().isZero()) {
            timers.add(vertx.setPeriodic(presenceSettings.interval().toMillis(),
                    id -> blocking.executor().execute(presenceFeed::flush)));
        }
        // Ticks four times per interval; the feed itself keeps updates at least one interval apart.
        timers.add(vertx.setPeriodic(Math.max(10, config.admin().feedInterval().toMillis() / 4),
                id -> blocking.executor().execute(adminFeed::flush)));

        if (!config.database().postgresql() && !config.valkey().enabled() && !oidc.external()) {
            log.info("Running in EMBEDDED development mode: everything in one process, data in {}", config.dataDir());
        }
        log.info("Store: {}", config.database().postgresql()
                ? "PostgreSQL at " + config.database().target().redacted()
                : "SQLite (embedded) in " + config.dataDir().toAbsolutePath());
        log.info("Message journal and rate limiter: {}", config.valkey().enabled()
                ? "Valkey at " + config.valkey().redacted() + " (key prefix '" + config.valkey().keyPrefix() + "')"
                : "in-process (embedded; every message is committed to the database before it is acked)");
        log.info("Broker and presence: {}", config.valkey().enabled()
                ? "Valkey pub/sub and presence keys (several nodes; this node is '" + nodeId + "')"
                : "in-process (single node)");
        if (oidc.external()) {
            log.info("Identity: tokens from {}", oidc.issuers().stream().map(Config.OidcIssuer::url).toList());
        } else {
            log.info("Identity: DEVELOPMENT issuer {} (loopback only; anyone may sign in as anyone): sign in through its "
                    + "OpenID Connect endpoints, or get a token with 'java -jar onrabble-server.jar token <username>'",
                    config.publicUrl() + DevIssuer.PATH);
        }
        log.info("Listening on http://{}:{} (WebSocket at /ws)", config.httpHost(), http.actualPort());
        return new OnRabbleServer(config, vertx, database, shared, blocking, hub, users, http, List.copyOf(timers));
    }

    /** The relational database the configuration selects, with its schema migrated. */
    static Database openDatabase(Config config) {
        if (!config.database().postgresql()) {
            return Database.sqlite(config.dataDir());
        }
        var target = config.database().target();
        return Database.postgresql(target.jdbcUrl(), target.user(), target.password(), config.database().poolSize());
    }

    /**
     * A name for each running node, readable to an operator: host, process and instance. A restarted
     * node has a new one, so its flush queue leftovers are claimed like a dead node's.
     */
    private static String nodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        // Several instances in one JVM (tests) must not share a name.
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
        // Periodic work hands tasks to the blocking executor, which closes below: stop it first.
        timers.forEach(vertx::cancelTimer);
        // The endpoint refuses new connections from here on; closing the listener first would close
        // the open ones with 1000 instead of telling them the server is going away.
        try {
            hub.closeAll(CloseCode.GOING_AWAY, "server shutting down")
                    .get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} connections were still closing after {}; stopping anyway", hub.unfinished(),
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
        try {
            users.flush();
        } catch (RuntimeException e) {
            log.warn("could not write the user directory at shutdown: {}", e.getMessage());
        }
        shared.close();
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
