package io.onrabble.app;

import io.onrabble.gateway.EdgeLimits;
import io.onrabble.chat.HistorySettings;
import io.onrabble.chat.PresenceSettings;
import io.onrabble.gateway.GatewayLimits;
import io.onrabble.journal.FlushPolicy;
import io.onrabble.ops.TrustedProxies;
import io.onrabble.typing.TypingSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting, read from {@code ONRABBLE_*} environment variables. Each has a default that runs
 * embedded mode; README.md lists them all. Reading checks each value on its own; {@link #validate()}
 * checks the rest, before anything starts.
 */
public record Config(String httpHost, int httpPort, Path dataDir, String publicUrl, String serverName,
                     String chatClientId, String dashboardClientId, int maxMessageChars, int historySize,
                     GatewayLimits gateway, EdgeLimits edge, Oidc oidc, Admin admin, Duration shutdownTimeout,
                     DatabaseSettings database, ValkeySettings valkey, FlushPolicy flush,
                      Operations operations, PresenceSettings presence, HistorySettings history,
                      TypingSettings typing, int unreadCountLimit, Duration editWindow) {

    /**
     * Token issuers. With none, embedded mode's development issuer is used instead. Each issuer has
     * its JWKS URL (null: discover) and the audiences and clients it may issue for (empty: not checked).
     * {@code devTokenTtl} is the lifetime of the access tokens the development issuer's sign-in hands out;
     * {@code sessionMax} how long a connection that does not refresh its token may stay (see TokenExpiry).
     */
    public record Oidc(List<OidcIssuer> issuers, String roleClient, Duration leeway, Duration expiryWarning,
                       String healthUrl, Duration devTokenTtl, Duration sessionMax) {

        public boolean external() {
            return !issuers.isEmpty();
        }
    }

    public record OidcIssuer(String url, String jwksUrl, Set<String> audiences, Set<String> clientIds) {
    }

    /**
     * The admin side: the role admin routes and the feed require, CORS origins, feed pacing, body
     * bound, and the static token a metrics scraper may present instead (null: admins only).
     */
    public record Admin(String role, List<String> corsOrigins, Duration feedInterval, int maxBodyBytes,
                        String metricsToken) {
    }

    /**
     * Running behind a proxy: whose {@code X-Forwarded-For} to believe, and how long a graceful stop
     * answers {@code /readyz} with 503 before it closes connections (so the proxy stops routing here first).
     */
    public record Operations(TrustedProxies trustedProxies, Duration shutdownDrain) {
    }

    public static final String PREFIX = "ONRABBLE_";

    /**
     * Reads the settings from {@code env}; if it names a file in {@code ONRABBLE_CONFIG_FILE}
     * (properties format, the same {@code ONRABBLE_*} names), the file supplies what the
     * environment leaves unset.
     */
    public static Config fromEnv(Map<String, String> env) {
        var settings = new Settings(withConfigFile(env));
        checkLogFormat(settings);
        var host = settings.string("HTTP_HOST", "127.0.0.1");
        var port = settings.integer("HTTP_PORT", 8080, 0, 65535);
        return new Config(
                host,
                port,
                Path.of(settings.string("DATA_DIR", "./data")).toAbsolutePath().normalize(),
                stripTrailingSlash(settings.string("PUBLIC_URL", defaultPublicUrl(host, port))),
                settings.string("SERVER_NAME", "OnRabble"),
                settings.string("CHAT_CLIENT_ID", "ChatClient"),
                settings.string("DASHBOARD_CLIENT_ID", "WebClient"),
                settings.integer("MAX_MESSAGE_CHARS", 4000, 1, 1_000_000),
                settings.integer("HISTORY_SIZE", 500, 1, 100_000),
                new GatewayLimits(
                        settings.integer("WS_MAX_FRAME_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
                        settings.integer("WS_OUTBOUND_QUEUE_BYTES", 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
                        settings.duration("WS_PING_INTERVAL", "25s"),
                        settings.duration("WS_PING_TIMEOUT", "60s"),
                        settings.integer("WS_MAX_IN_FLIGHT", 64, 1, 100_000),
                        settings.integer("WS_MAX_PENDING_SENDS", 32, 1, 10_000)),
                new EdgeLimits(
                        settings.integer("MAX_CONNECTIONS", EdgeLimits.defaultMaxConnections(), 1, Integer.MAX_VALUE),
                        settings.integer("WS_MAX_CONNECTIONS_PER_USER", 10, 1, 1_000_000),
                        settings.integer("WS_MAX_CONNECTIONS_PER_ADDRESS", 200, 1, Integer.MAX_VALUE),
                        settings.integer("WS_MAX_HANDSHAKES_PER_ADDRESS", 20, 1, 1_000_000),
                        settings.duration("HTTP_REQUEST_HEAD_TIMEOUT", "5s"),
                        settings.duration("WS_HANDSHAKE_TIMEOUT", "10s"),
                        settings.integer("WS_MAX_CONTROL_FRAMES_PER_SECOND", 10, 1, 100_000),
                        settings.bool("WS_COMPRESSION", false)),
                oidc(settings),
                new Admin(settings.string("ADMIN_ROLE", "admin"),
                        settings.list("CORS_ORIGINS"),
                        settings.duration("ADMIN_FEED_INTERVAL", "1s"),
                        settings.integer("ADMIN_MAX_BODY_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
                        settings.string("METRICS_TOKEN", null)),
                settings.duration("SHUTDOWN_TIMEOUT", "10s"),
                new DatabaseSettings(
                        settings.optional("DATABASE_URL"),
                        settings.optional("DATABASE_USER"),
                        settings.optional("DATABASE_PASSWORD"),
                        settings.integer("DATABASE_POOL_SIZE", 10, 1, 1000)),
                new ValkeySettings(settings.optional("VALKEY_URL"), settings.string("VALKEY_PREFIX", "onrabble:"),
                        settings.parse("DURABILITY", "database", Durability::parse)),
                new FlushPolicy(
                        settings.integer("FLUSH_BATCH_SIZE", 500, 1, 10_000),
                        settings.duration("FLUSH_INTERVAL", "2m"),
                        settings.duration("FLUSH_CLAIM_IDLE", "30s")),
                new Operations(
                        settings.parse("TRUSTED_PROXIES", "", text -> TrustedProxies.of(Arrays.stream(text.split(","))
                                .map(String::trim).filter(cidr -> !cidr.isEmpty()).toList())),
                        settings.parse("SHUTDOWN_DRAIN", "0s", Durations::parse)),
                new PresenceSettings(
                        settings.parse("PRESENCE_INTERVAL", "1500ms", Durations::parse),
                        settings.integer("PRESENCE_LEGACY_LIMIT", 1000, 0, 1_000_000),
                        settings.integer("PRESENCE_PAGE_SIZE", 1000, 1, 100_000)),
                new HistorySettings(
                        settings.integer("RESUME_MAX_MESSAGES", 1000, 0, 100_000),
                        settings.integer("HISTORY_PAGE_MAX", 200, 1, 10_000),
                        settings.integer("HISTORY_PAGE_DEFAULT", 50, 1, 10_000)),
                new TypingSettings(
                        settings.duration("TYPING_INTERVAL", "3s"),
                        settings.duration("TYPING_EXPIRY", "6s"),
                        settings.integer("TYPING_RATE_LIMIT", 20, 1, 100_000),
                        settings.duration("TYPING_RATE_WINDOW", "10s")),
                settings.integer("UNREAD_COUNT_LIMIT", 100, 1, 100_000),
                // 0: users cannot edit or delete their messages at all; admins always can
                settings.parse("EDIT_WINDOW", "15m", Durations::parse));
    }

    /** Read by logback.xml, which cannot refuse a typo: checked here so one stops start-up. */
    private static void checkLogFormat(Settings settings) {
        settings.parse("LOG_FORMAT", "text", text -> {
            if (!text.equals("text") && !text.equals("json")) {
                throw new IllegalArgumentException("must be text or json");
            }
            return text;
        });
    }

    /**
     * Issuers come from {@code OIDC_ISSUERS}; {@code OIDC_JWKS_URLS} (by position), {@code OIDC_AUDIENCES}
     * and {@code OIDC_CLIENT_IDS} apply to all, and {@code OIDC_<n>_JWKS_URL}, {@code OIDC_<n>_AUDIENCES}
     * and {@code OIDC_<n>_CLIENT_IDS} override them for the n-th issuer (from 1).
     */
    private static Oidc oidc(Settings settings) {
        var urls = settings.list("OIDC_ISSUERS");
        var jwksUrls = settings.listKeepingBlanks("OIDC_JWKS_URLS");
        var defaultClients = List.of(settings.string("CHAT_CLIENT_ID", "ChatClient"),
                settings.string("DASHBOARD_CLIENT_ID", "WebClient"));
        var issuers = new ArrayList<OidcIssuer>();
        for (int i = 0; i < urls.size(); i++) {
            var url = urls.get(i);
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigException(PREFIX + "OIDC_ISSUERS: '" + url + "' is not an http(s) URL");
            }
            var own = "OIDC_" + (i + 1) + "_";
            var jwks = settings.string(own + "JWKS_URL", i < jwksUrls.size() ? jwksUrls.get(i) : "");
            var audiences = settings.list(own + "AUDIENCES", settings.list("OIDC_AUDIENCES"));
            var clients = settings.list(own + "CLIENT_IDS", settings.list("OIDC_CLIENT_IDS", defaultClients));
            issuers.add(new OidcIssuer(url, jwks.isBlank() ? null : jwks, Set.copyOf(audiences),
                    clients.equals(List.of("*")) ? Set.of() : Set.copyOf(clients)));
        }
        return new Oidc(List.copyOf(issuers), settings.string("OIDC_ROLE_CLIENT", null),
                settings.duration("TOKEN_LEEWAY", "30s"),
                settings.duration("TOKEN_EXPIRY_WARNING", "60s"),
                settings.string("DISCOVERY_HEALTH_URL", null),
                settings.duration("DEV_TOKEN_TTL", "1h"),
                settings.duration("SESSION_MAX", "10h"));
    }

    private static Map<String, String> withConfigFile(Map<String, String> env) {
        var file = env.get(PREFIX + "CONFIG_FILE");
        if (file == null || file.isBlank()) {
            return env;
        }
        var properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of(file.trim()))) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException(PREFIX + "CONFIG_FILE='" + file + "' cannot be read: " + e.getMessage());
        }
        var merged = new HashMap<String, String>();
        properties.stringPropertyNames().forEach(name -> merged.put(name, properties.getProperty(name)));
        merged.putAll(env);
        return merged;
    }

    /**
     * Checks what parsing each value alone cannot: the URLs that select adapters, the data directory,
     * and that the development issuer never faces a network. Start-up calls it before it opens or
     * starts anything, so a bad setting changes nothing; the message names the variable.
     */
    public Config validate() {
        if (database.postgresql()) {
            database.target();
        }
        if (valkey.enabled()) {
            valkey.uri();
            if (valkey.durability() == Durability.DATABASE && !database.postgresql()) {
                throw new ConfigException(PREFIX + "DURABILITY=database (the default with Valkey) needs PostgreSQL: set "
                        + PREFIX + "DATABASE_URL, or " + PREFIX + "DURABILITY=valkey to keep SQLite");
            }
        }
        if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new ConfigException(PREFIX + "PUBLIC_URL='" + publicUrl + "' is not an http(s) URL");
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ConfigException(PREFIX + "DATA_DIR=" + dataDir + " exists and is not a directory");
        }
        if (!oidc.external()) {
            requireLoopback(httpHost);
        }
        if (history.pageDefault() > history.pageMax()) {
            throw new ConfigException(PREFIX + "HISTORY_PAGE_DEFAULT=" + history.pageDefault() + " is above "
                    + PREFIX + "HISTORY_PAGE_MAX=" + history.pageMax());
        }
        if (typing.expiry().compareTo(typing.interval()) <= 0) {
            throw new ConfigException(PREFIX + "TYPING_EXPIRY (" + typing.expiry().toMillis() + " ms) must be longer than "
                    + PREFIX + "TYPING_INTERVAL (" + typing.interval().toMillis() + " ms), or a user typing steadily would flicker");
        }
        return this;
    }

    /** The development issuer signs tokens for anyone, so it must never face a network. */
    private static void requireLoopback(String host) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(PREFIX + "HTTP_HOST=" + host + " cannot be resolved");
        }
        if (!loopback) {
            throw new ConfigException(PREFIX + "HTTP_HOST=" + host + " is not a loopback address, but embedded mode's "
                    + "development issuer accepts tokens for anyone; bind to 127.0.0.1 or configure an OIDC issuer");
        }
    }

    /**
     * Configuration with a different port (tests); a public URL that was derived from the old port
     * follows the new one.
     */
    public Config withHttpPort(int port) {
        var url = publicUrl.equals(defaultPublicUrl(httpHost, httpPort)) ? defaultPublicUrl(httpHost, port) : publicUrl;
        return new Config(httpHost, port, dataDir, url, serverName, chatClientId, dashboardClientId,
                maxMessageChars, historySize, gateway, edge, oidc, admin, shutdownTimeout, database, valkey, flush, operations,
                presence, history, typing, unreadCountLimit, editWindow);
    }

    private static String defaultPublicUrl(String host, int port) {
        return "http://" + host + ":" + port;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record Settings(Map<String, String> env) {
        String string(String name, String fallback) {
            var value = env.get(PREFIX + name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        /** The value, or null when the setting is absent: it selects an adapter instead of tuning one. */
        String optional(String name) {
            return string(name, null);
        }

        int integer(String name, int fallback, int min, int max) {
            return parse(name, String.valueOf(fallback), text -> {
                var value = Integer.parseInt(text);
                if (value < min || value > max) {
                    throw new IllegalArgumentException("must be between " + min + " and " + max);
                }
                return value;
            });
        }

        boolean bool(String name, boolean fallback) {
            return parse(name, String.valueOf(fallback), text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new IllegalArgumentException("must be true or false");
            });
        }

        /** A comma-separated list; empty when unset. */
        List<String> list(String name) {
            return listKeepingBlanks(name).stream().filter(item -> !item.isEmpty()).toList();
        }

        /** A comma-separated list, or {@code fallback} when unset. */
        List<String> list(String name, List<String> fallback) {
            var items = list(name);
            return items.isEmpty() ? fallback : items;
        }

        List<String> listKeepingBlanks(String name) {
            var text = string(name, "");
            return text.isEmpty() ? List.of() : Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        }

        Duration duration(String name, String fallback) {
            return parse(name, fallback, text -> {
                var value = Durations.parse(text);
                if (value.isZero()) {
                    throw new IllegalArgumentException("must be greater than zero");
                }
                return value;
            });
        }

        <T> T parse(String name, String fallback, Function<String, T> parser) {
            var text = string(name, fallback);
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PREFIX + name + "='" + text + "' is invalid: " + e.getMessage());
            }
        }
    }
}
