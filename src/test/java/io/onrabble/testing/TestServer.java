package io.onrabble.testing;

import io.onrabble.app.Config;
import io.onrabble.app.OnRabbleServer;
import io.onrabble.auth.DevIssuer;
import io.onrabble.store.Database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-process server on a random loopback port with its own data directory. */
public final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir;
    private final Map<String, String> env;
    private final TestClock clock = new TestClock();
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private OnRabbleServer server;
    private DevIssuer issuer;
    private String publicUrl;
    private int httpPort;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private TestServer(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = env;
    }

    /** Starts a server; {@code settings} are ONRABBLE_* variables without the prefix, e.g. "WS_PING_TIMEOUT", "1s". */
    public static TestServer start(String... settings) throws Exception {
        var env = new HashMap<String, String>();
        for (int i = 0; i < settings.length; i += 2) {
            env.put(Config.PREFIX + settings[i], settings[i + 1]);
        }
        // Presence news at once, so a test's connected_users is exact; the presence tests choose an interval.
        env.putIfAbsent(Config.PREFIX + "PRESENCE_INTERVAL", "0ms");
        env.putIfAbsent(Config.PREFIX + "DATA_DIR", Files.createTempDirectory("onrabble-test").toString());
        var server = new TestServer(Path.of(env.get(Config.PREFIX + "DATA_DIR")), env);
        server.restart();
        return server;
    }

    /** Starts a server whose global rate limit is {@code messageLimit} per {@code windowSeconds}. */
    public static TestServer withRateLimit(int messageLimit, int windowSeconds, String... settings) throws Exception {
        var dataDir = Files.createTempDirectory("onrabble-test");
        try (var db = Database.sqlite(dataDir)) {
            db.update("UPDATE rate_limits SET message_limit = ?, window_seconds = ? WHERE owner_id = 'default'",
                    messageLimit, windowSeconds);
        }
        var all = java.util.Arrays.copyOf(settings, settings.length + 2);
        all[settings.length] = "DATA_DIR";
        all[settings.length + 1] = dataDir.toString();
        return start(all);
    }

    /** Closes {@code later} (in this order) after the server, e.g. its database and Valkey prefix. */
    TestServer closing(AutoCloseable... later) {
        resources.addAll(List.of(later));
        return this;
    }

    /** Starts the server again on the same data directory (after {@link #stop()}). */
    public void restart() throws Exception {
        // A port chosen up front, not 0, and kept across restarts: the public URL (and with it the
        // development issuer's name) names it, so tokens issued before a restart are still accepted.
        if (httpPort == 0) {
            httpPort = freePort();
        }
        var config = Config.fromEnv(env).withHttpPort(httpPort);
        server = OnRabbleServer.start(config, clock);
        publicUrl = config.publicUrl();
        issuer = DevIssuer.loadOrCreate(config.dataDir(), publicUrl);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The server's public URL (its real port unless the test set ONRABBLE_PUBLIC_URL). */
    public String publicUrl() {
        return publicUrl;
    }

    public void stop() {
        server.close();
    }

    /** The server's clock: freeze or advance it to script time. */
    public TestClock clock() {
        return clock;
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String token(String username) {
        return issuer.issue(username, false, "ChatClient", Duration.ofHours(1));
    }

    /** A chat client's token that expires after {@code ttl}. */
    public String token(String username, Duration ttl) {
        return issuer.issue(username, false, "ChatClient", ttl);
    }

    public String adminToken(String username, String clientId) {
        return issuer.issue(username, true, clientId, Duration.ofHours(1));
    }

    public static String userId(String username) {
        return DevIssuer.subjectFor(username);
    }

    public URI wsUri(String token) {
        return URI.create("ws://127.0.0.1:" + port() + "/ws" + (token == null ? "" : "?token=" + token));
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /**
     * Connects a chat client for {@code username} and reads its connect sequence up to
     * {@code connected_users}; the server closes it when it closes itself.
     */
    public TestClient connect(String username) {
        var client = connectRaw(username);
        client.skipTo("connected_users");
        return client;
    }

    /** Connects a chat client for {@code username} without reading anything; closed with the server. */
    public TestClient connectRaw(String username) {
        var client = TestClient.connect(wsUri(token(username)));
        clients.add(client);
        return client;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(httpUri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of {@code /metrics}, read as an admin. */
    public String metrics() throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(httpUri("/metrics"))
                .header("Authorization", "Bearer " + adminToken("metrics-reader")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** An HTTP request with an optional bearer token and JSON body; {@code headers} are name, value pairs. */
    public HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(httpUri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token for any combination of role and client. */
    public String issuerToken(String username, boolean admin, String clientId) {
        return issuer.issue(username, admin, clientId, Duration.ofHours(1));
    }

    /** A token of the dashboard client with the admin role. */
    public String adminToken(String username) {
        return adminToken(username, "WebClient");
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        try {
            server.close();
        } finally {
            for (var resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + resource + " failed", e);
                }
            }
        }
    }
}
