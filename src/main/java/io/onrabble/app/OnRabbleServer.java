package io.onrabble.app;

import io.onrabble.admin.AdminApi;
import io.onrabble.analytics.AdminFeed;
import io.onrabble.analytics.Analytics;
import io.onrabble.auth.TokenVerifier;
import io.onrabble.auth.dev.DevOidcRoutes;
import io.onrabble.broker.PresenceHeartbeat;
import io.onrabble.broker.ValkeyPresence;
import io.onrabble.chat.Attendance;
import io.onrabble.chat.ChannelActivity;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.ConnectSequence;
import io.onrabble.chat.MessageReplay;
import io.onrabble.chat.OlderHistory;
import io.onrabble.chat.EditPolicy;
import io.onrabble.chat.MessageEdits;
import io.onrabble.chat.MessageSearch;
import io.onrabble.chat.MessageSender;
import io.onrabble.chat.PresenceFeed;
import io.onrabble.chat.PublicHistory;
import io.onrabble.chat.UserPresence;
import io.onrabble.concurrent.Blocking;
import io.onrabble.gateway.ClientFrames;
import io.onrabble.gateway.ConnectionCaps;
import io.onrabble.gateway.ConnectionLifecycle;
import io.onrabble.gateway.EdgeAdmission;
import io.onrabble.gateway.FrameGuard;
import io.onrabble.gateway.Handshake;
import io.onrabble.gateway.PublicRoutes;
import io.onrabble.gateway.RequestHeadDeadline;
import io.onrabble.gateway.TokenExpiry;
import io.onrabble.gateway.WebSocketEndpoint;
import io.onrabble.http.InvalidRequests;
import io.onrabble.http.StrictQueryString;
import io.onrabble.markers.ReadMarkers;
import io.onrabble.metrics.Metrics;
import io.onrabble.moderation.BanList;
import io.onrabble.moderation.BanCheck;
import io.onrabble.moderation.Bans;
import io.onrabble.moderation.Disconnects;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.ops.Readiness;
import io.onrabble.ops.RequestContext;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.ratelimit.RateLimitSettings;
import io.onrabble.store.CachedUserStore;
import io.onrabble.store.BufferedUserStore;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import io.onrabble.typing.TypingRelay;
import io.onrabble.web.WebApp;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The composition root: validates the configuration, wires every adapter, starts and stops the
 * server. Everything start-up starts is registered with a {@link Lifecycle} as soon as it runs;
 * closing the server, or a failing later step, undoes it newest first.
 */
public final class OnRabbleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnRabbleServer.class);
    /** How often clients that opened channels get activity counts when presence has no interval. */
    private static final Duration ACTIVITY_INTERVAL = Duration.ofMillis(1500);
    /** How often the user directory's sightings are written, as one batch. */
    private static final Duration USER_FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final Lifecycle lifecycle;
    private final HttpServer http;

    private OnRabbleServer(Lifecycle lifecycle, HttpServer http) {
        this.lifecycle = lifecycle;
        this.http = http;
    }

    public static OnRabbleServer start(Config config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts with the given clock; tests pass a fake one to script sessions, bans and analytics. A
     * bad setting is refused before anything is opened; a later failure closes what was started.
     */
    public static OnRabbleServer start(Config config, Clock clock) throws Exception {
        config.validate();
        var lifecycle = new Lifecycle();
        try {
            return start(config, clock, lifecycle);
        } catch (Exception | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    private static OnRabbleServer start(Config config, Clock clock, Lifecycle lifecycle) throws Exception {
        // Registered first, so it closes last: every other step's undo may still need its threads.
        var vertx = Vertx.vertx();
        lifecycle.started("Vert.x", vertx, () -> await(vertx.close()));
        var metrics = new Metrics();
        var database = lifecycle.started("database", openDatabase(config));
        // Closes after the shared adapters: their in-flight work drains first.
        var blocking = lifecycle.started("blocking executor", new Blocking());
        var stores = Stores.jdbc(database);
        var identity = stores.identity().loadOrCreate(config.serverName());
        TrustedIssuers.requireStablePrimary(config, stores.identity());
        // Undone before the database closes: what was seen last is written.
        var directory = new BufferedUserStore(stores.users());
        lifecycle.started("user directory", directory, directory::flush);
        var rateLimitPolicy = new RateLimitPolicy(stores.rateLimits());
        var nodeId = nodeId();
        var shared = SharedAdapters.start(config, stores.messages(), rateLimitPolicy, metrics, nodeId, lifecycle);
        var broker = shared.broker();
        var presence = shared.presence();
        var oidc = config.oidc();
        var devIssuer = TrustedIssuers.devIssuer(config);
        var issuers = TrustedIssuers.of(config, devIssuer);
        var verifier = new TokenVerifier(issuers, (int) oidc.leeway().toSeconds(), oidc.roleClient());
        var codec = new Codec(config.maxMessageChars());
        var channelDirectory = new ChannelDirectory(stores.channels());
        var hub = new ChatHub(metrics);
        var userPresence = new UserPresence(presence, broker, codec, hub, config.dashboardClientId());
        // The chat path reads names and bans from memory: a database outage holds up no connect and no send.
        var users = new CachedUserStore(directory);
        var bans = BanList.load(stores.bans(), clock);
        var presenceSettings = config.presence();
        // Without intervals, each presence event is sent as it arrives: the in-process broker delivers on the
        // publishing virtual thread, which may block; Lettuce's I/O thread must not, so Valkey's go elsewhere.
        var presenceFeed = new PresenceFeed(presence, hub, codec, presenceSettings,
                config.valkey().enabled() ? blocking.executor() : Runnable::run);
        var publicHistory = new PublicHistory(shared.journal(), channelDirectory, codec);
        var historySettings = config.history();
        var readMarkers = new ReadMarkers(stores.readMarkers(), channelDirectory, hub, broker, codec,
                config.unreadCountLimit());
        var typing = new TypingRelay(channelDirectory, hub, broker, codec, metrics, config.typing());
        var connectSequence = new ConnectSequence(userPresence, presenceFeed,
                new Attendance(users, stores.sessions(), clock), publicHistory, shared.journal(), codec, metrics,
                new MessageReplay(shared.journal(), stores.messages(), historySettings, clock), readMarkers);
        var sender = new MessageSender(channelDirectory, shared.journal(), users, broker, shared.rateLimiter(),
                codec, metrics, clock);
        var deletion = new MessageDeletion(shared.journal(), broker, codec, clock);
        var edits = new MessageEdits(shared.journal(), deletion, broker, shared.rateLimiter(),
                new EditPolicy(config.editWindow(), config.admin().role()), codec, metrics, clock);
        var analytics = new Analytics(stores.analytics(), shared.journal(), users, presence, hub::sessions,
                config.dashboardClientId(), clock);
        var adminFeed = new AdminFeed(analytics, codec, hub, config.dashboardClientId(), config.admin().role(),
                config.admin().feedInterval());

        var banCheck = new BanCheck(bans);
        var channelActivity = new ChannelActivity(hub, codec);
        broker.subscribe(new NodeEvents(hub, publicHistory, presenceFeed, channelActivity, channelDirectory, banCheck, adminFeed,
                rateLimitPolicy, codec, blocking.executor(), typing, readMarkers));
        lifecycle.every(vertx, "ban list", BanList.REFRESH, () -> blocking.executor().execute(bans::refreshQuietly));
        if (presence instanceof ValkeyPresence valkeyPresence) {
            var heartbeat = new PresenceHeartbeat(valkeyPresence, broker, codec, userPresence::localConnections);
            lifecycle.every(vertx, "presence heartbeat", valkeyPresence.heartbeatInterval(),
                    () -> blocking.executor().execute(heartbeat));
        }
        var limits = config.gateway();
        var caps = new ConnectionCaps(config.edge());
        // token lifetimes are real time, as the verifier checks them, whatever clock the domain runs on
        var expiry = new TokenExpiry(vertx, oidc.expiryWarning(), oidc.sessionMax(), Clock.systemUTC(), codec);
        var handshake = new Handshake(verifier, banCheck);
        var connections = new ConnectionLifecycle(hub, connectSequence,
                new ClientFrames(codec, sender, edits, presenceFeed, hub, handshake, expiry, metrics,
                        new OlderHistory(shared.journal(), stores.messages(), channelDirectory, codec, historySettings),
                        typing, readMarkers),
                banCheck, expiry, adminFeed);
        var endpoint = new WebSocketEndpoint(handshake, hub, connections, blocking, limits, metrics, clock,
                new EdgeAdmission(caps, config.edge(), metrics), codec);
        var admin = config.admin();
        var web = WebAppSettings.of(config);
        var adminApi = new AdminApi(
                new AdminApi.Settings(admin.role(), WebAppSettings.corsOrigins(config, web), admin.maxBodyBytes(),
                        admin.metricsToken()),
                verifier, blocking, codec,
                new ChannelManager(stores.channels(), stores.messages(), channelDirectory, shared.journal(), broker, clock),
                new MessageSearch(stores.messages(), shared.journal()),
                deletion,
                users, new Bans(stores.bans(), bans, users, broker, clock), new Disconnects(broker),
                new RateLimitSettings(stores.rateLimits(), rateLimitPolicy, broker, clock), analytics, clock);
        var edge = config.edge();
        var headDeadline = new RequestHeadDeadline(vertx, edge.requestHeadTimeout(), metrics);
        var readiness = ReadinessProbes.create(config, database, issuers, caps, blocking, metrics, lifecycle);
        var router = Router.router(vertx);
        router.route().handler(headDeadline::arrived);
        router.route().handler(new RequestContext(config.operations().trustedProxies()));
        router.route().handler(new StrictQueryString());
        PublicRoutes.mount(router, DiscoveryDocument.of(config, identity));
        readiness.mount(router);
        devIssuer.ifPresent(issuer -> new DevOidcRoutes(issuer, Set.of(config.chatClientId(), config.dashboardClientId()),
                config.publicUrl(), new DevOidcRoutes.Lifetimes(oidc.devTokenTtl(), oidc.sessionMax()), Clock.systemUTC())
                .mount(router));
        router.route("/ws").handler(endpoint);
        adminApi.mount(router);
        adminApi.mountMetrics(router, metrics::scrape);
        WebApp.mount(router, web);
        PublicRoutes.mountErrorHandlers(router);

        var options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxWebSocketFrameSize(limits.hardFrameBytes())
                .setMaxWebSocketMessageSize(limits.hardFrameBytes())
                .setWebSocketClosingTimeout(5)
                .setPerMessageWebSocketCompressionSupported(edge.compression())
                .setPerFrameWebSocketCompressionSupported(edge.compression())
                // Cleartext HTTP/2 upgrades (h2c) broke large responses to the JDK's HttpClient; clients and
                // proxies speak HTTP/1.1 here, and TLS belongs to the proxy in front.
                .setHttp2ClearTextEnabled(false)
                // Room for real-world tokens in ?token= or Authorization; larger ones are refused as too large.
                .setMaxInitialLineLength(32 * 1024)
                .setMaxHeaderSize(32 * 1024)
                .setWebSocketSubProtocols(List.of(WebSocketEndpoint.SUBPROTOCOL));
        var http = await(vertx.createHttpServer(options).connectionHandler(connection -> {
            headDeadline.opened(connection);
            FrameGuard.install(connection, metrics, edge.controlFramesPerSecond());
        }).invalidRequestHandler(InvalidRequests::handle).requestHandler(router).listen());
        lifecycle.started("listener", http, () -> await(http.close()));
        // Undone before the listener closes: closing the listener first would close the open
        // connections with 1000 instead of telling them the server is going away.
        lifecycle.started("connections", hub, () -> closeConnections(hub, config.shutdownTimeout()));
        lifecycle.every(vertx, "keepalive", limits.pingInterval(), () -> hub.keepAlive(limits.pingTimeout()));
        lifecycle.every(vertx, "user directory writes", USER_FLUSH_INTERVAL,
                () -> blocking.executor().execute(() -> flushUsers(directory)));
        // Unread counts go out once per presence interval (with presence news sent at once, per default interval).
        lifecycle.every(vertx, "channel activity", presenceSettings.interval().isZero()
                ? ACTIVITY_INTERVAL : presenceSettings.interval(), channelActivity::flush);
        if (!presenceSettings.interval().isZero()) {
            lifecycle.every(vertx, "presence intervals", presenceSettings.interval(),
                    () -> blocking.executor().execute(presenceFeed::flush));
        }
        // Ticks four times per interval; the feed itself keeps updates at least one interval apart.
        lifecycle.every(vertx, "admin feed", Duration.ofMillis(Math.max(10, config.admin().feedInterval().toMillis() / 4)),
                () -> blocking.executor().execute(adminFeed::flush));
        // Registered last, so a stop turns /readyz to 503 (and drains) before anything else closes.
        ReadinessProbes.start(readiness, config.operations().shutdownDrain(), vertx, blocking, lifecycle);

        StartupLog.modes(config, nodeId, http.actualPort());
        return new OnRabbleServer(lifecycle, http);
    }

    private static void flushUsers(BufferedUserStore users) {
        try {
            users.flush();
        } catch (RuntimeException e) {
            log.warn("could not write the user directory, will retry: {}", e.getMessage());
        }
    }

    /** Closes open connections with 1001 and waits (bounded) until their sessions are recorded. */
    private static void closeConnections(ChatHub hub, Duration timeout) throws InterruptedException {
        try {
            hub.closeAll(CloseCode.GOING_AWAY, "server shutting down").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} connections were still closing after {}; stopping anyway", hub.sessions().size(), timeout);
        } catch (ExecutionException e) {
            log.warn("closing connections failed: {}", e.getCause().getMessage());
        }
    }

    /** The relational database the configuration selects, with its schema migrated. */
    static Database openDatabase(Config config) {
        var legacyPrefix = TrustedIssuers.legacyPrimaryPrefix(config);
        if (!config.database().postgresql()) {
            return Database.sqlite(config.dataDir(), legacyPrefix);
        }
        var target = config.database().target();
        return Database.postgresql(target.jdbcUrl(), target.user(), target.password(), config.database().poolSize(),
                legacyPrefix);
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
     * Graceful stop, the start-up undone: stop the timers, close open connections with 1001 and wait
     * (bounded) until their sessions are recorded, close the listener, stop the broker, flush what is
     * queued to the database, let go of Valkey, drain blocking work, close the database and Vert.x.
     */
    @Override
    public void close() {
        lifecycle.close();
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
