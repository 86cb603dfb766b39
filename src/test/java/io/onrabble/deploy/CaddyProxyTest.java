package io.onrabble.deploy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.Caddy;
import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The development Caddyfile, run by a real Caddy on loopback in front of two real nodes that share
 * PostgreSQL and Valkey: HTTPS and WSS with Caddy's internal CA, one chat across both nodes, the
 * admin API, an access log without tokens, the client's address as the node sees it, and a graceful
 * stop of one node whose clients reconnect through Caddy to the other without losing an acked message.
 * The bundled web app loads through Caddy too, with its own security policy and a WebSocket URL on Caddy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaddyProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The test's clients connect from this loopback address, so it differs from Caddy's own (127.0.0.1). */
    private static final InetAddress CLIENT_ADDRESS = loopback("127.0.0.5");

    private static TestPostgres postgres;
    private static TestValkey valkey;
    private static TestServer a;
    private static TestServer b;
    private static boolean bStopped;
    private static Caddy caddy;
    private static HttpClient https;
    private static final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.create();
        try (var db = postgres.open()) {
            Persisted.allowManyMessages(db);
        }
        valkey = TestValkey.shared();
        var dataDir = Files.createTempDirectory("onrabble-caddy-nodes").toString();
        // Behind the proxy both nodes are one public URL, which also names their shared development issuer.
        var httpsPort = Caddy.freePort();
        a = node(dataDir, Caddy.publicUrl(httpsPort));
        b = node(dataDir, Caddy.publicUrl(httpsPort));
        caddy = Caddy.startDev(httpsPort, List.of(a.port(), b.port()), "300ms");
        https = caddy.client(CLIENT_ADDRESS);
        serverLog.start();
        ((Logger) LoggerFactory.getLogger("io.onrabble")).addAppender(serverLog);
    }

    private static TestServer node(String dataDir, String publicUrl) throws Exception {
        return TestServer.start("PUBLIC_URL", publicUrl, "DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                "VALKEY_PREFIX", valkey.prefix(), "DATA_DIR", dataDir, "FLUSH_INTERVAL", "100ms",
                "TRUSTED_PROXIES", "127.0.0.1/32", "SHUTDOWN_DRAIN", "2s");
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.onrabble")).detachAppender(serverLog);
        if (caddy != null) {
            caddy.close();
        }
        a.close();
        if (!bStopped) {
            b.close();
        }
        valkey.close();
        postgres.close();
    }

    @Test
    @Order(1)
    void chatOverWssReachesUsersOnBothNodes() throws Exception {
        try (var alice = connect("alice"); var bob = connect("bob")) {
            // Caddy balances WebSockets by open connections: one each.
            assertThat(openConnections(a)).isEqualTo(1);
            assertThat(openConnections(b)).isEqualTo(1);

            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"through caddy\",\"nonce\":\"c1\"}");

            assertThat(alice.skipTo("ack").path("payload").path("nonce").asText()).isEqualTo("c1");
            assertThat(bob.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("through caddy");
        }
    }

    @Test
    @Order(2)
    void theAdminApiAndThePublicDocumentsWorkThroughCaddyWithSecurityHeaders() throws Exception {
        var created = send("POST", "/channels", a.adminToken("root"), "{\"name\":\"via-caddy\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var listed = send("GET", "/channels", a.adminToken("root"), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("via-caddy", "General");
        assertThat(send("GET", "/channels", null, null).statusCode()).isEqualTo(401);

        var health = send("GET", "/healthz", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=");
        assertThat(health.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(health.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(health.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");
        assertThat(health.headers().firstValue("Server")).isEmpty();
        // Caddy's request id reaches the node, which answers it back.
        assertThat(health.headers().firstValue("X-Request-Id")).get().asString().matches("[0-9a-f-]{36}");
        var discovery = send("GET", "/discovery", null, null);
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(discovery.body()).path("server_name").asText()).isEqualTo("OnRabble");
        assertThat(JSON.readTree(discovery.body()).path("chat_url").asText()).isEqualTo(caddy.wss("/ws").toString());
        assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theWebAppLoadsThroughCaddyWithItsOwnPolicyAndAWebSocketUrlOnCaddy() throws Exception {
        for (var page : new String[] {"/", "/admin"}) {
            var html = send("GET", page, null, null);
            assertThat(html.statusCode()).as(page).isEqualTo(200);
            assertThat(html.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            // The server's policy, not Caddy's fallback: scripts from the server only, nothing inline.
            assertThat(html.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("default-src 'none'").contains("frame-ancestors 'none'");
        }
        var config = send("GET", "/app-config.json", null, null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("ws_url").asText()).isEqualTo(caddy.wss("/ws").toString());
    }

    @Test
    @Order(3)
    void theNodeLogsTheClientsAddressFromCaddyButNotAForgedHeader() throws Exception {
        serverLog.list.clear();
        var builder = https.newWebSocketBuilder().header("X-Forwarded-For", "203.0.113.66");
        try (var carol = TestClient.connect(caddy.wss("/ws?token=" + a.token("carol")), builder)) {
            carol.skipTo("connected_users");
        }
        // Straight to a node, the same forged header from an untrusted peer is ignored.
        var direct = HttpClient.newBuilder().localAddress(CLIENT_ADDRESS).build().newWebSocketBuilder()
                .header("X-Forwarded-For", "203.0.113.66");
        try (var dave = TestClient.connect(a.wsUri(a.token("dave")), direct)) {
            dave.skipTo("connected_users");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openedLines())
                .anyMatch(line -> line.contains(TestServer.userId("carol")) && line.endsWith(" from 127.0.0.5"))
                .anyMatch(line -> line.contains(TestServer.userId("dave")) && line.endsWith(" from 127.0.0.5"))
                .noneMatch(line -> line.contains("203.0.113.66")));
    }

    @Test
    @Order(4)
    void theAccessLogHoldsNoToken() throws Exception {
        var token = a.token("erin");
        try (var erin = TestClient.connect(caddy.wss("/ws?token=" + token), https.newWebSocketBuilder())) {
            erin.skipTo("connected_users");
        }
        var browserToken = a.token("frank");
        var subprotocols = https.newWebSocketBuilder().subprotocols("onrabble", "bearer." + browserToken);
        try (var frank = TestClient.connect(caddy.wss("/ws"), subprotocols)) {
            frank.skipTo("connected_users");
        }
        assertThat(send("GET", "/channels?token=" + token, a.adminToken("root"), null).statusCode()).isEqualTo(200);

        // Caddy writes a WebSocket's line when it closes.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(caddy.accessLog()).contains("/ws?token=REDACTED", "/channels?token=REDACTED"));
        var log = caddy.accessLog();
        for (var secret : List.of(token, browserToken, a.adminToken("root"))) {
            for (var part : secret.split("\\.")) {
                assertThat(log).doesNotContain(part);
            }
        }
    }

    @Test
    @Order(5)
    void stoppingOneNodeGracefullyMovesItsClientsToTheOtherWithoutLosingAnAckedMessage() throws Exception {
        var clients = new ArrayList<LoadClient>();
        for (var name : List.of("g1", "g2", "g3", "g4")) {
            clients.add(LoadClient.of(connectRaw(name), name, 1).begin());
        }
        var onB = openConnections(b);
        assertThat(onB).as("clients on the node that stops").isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> ackedBy(clients).size() >= 40);

        bStopped = true;
        var stopping = CompletableFuture.runAsync(b::stop);
        var moved = new ArrayList<LoadClient>();
        await().atMost(Duration.ofSeconds(30)).until(() -> clients.stream().filter(c -> c.client().isClosed()).count() == onB);
        for (var client : clients) {
            if (client.client().isClosed()) {
                assertThat(client.client().awaitClose()).isEqualTo(1001);
                // What a real client does on 1001: reconnect (through Caddy) after a moment, here at once, retrying.
                var name = "moved-" + moved.size();
                moved.add(await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> LoadClient.of(connectRaw(name), name, 1).begin(), c -> true));
            }
        }
        stopping.get();
        assertThat(openConnections(a)).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> moved.stream().allMatch(c -> c.acked().size() >= 10));

        var all = new ArrayList<>(clients);
        all.addAll(moved);
        for (var client : all) {
            client.stop();
        }
        var acked = ackedBy(all);
        try (var db = postgres.open()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty());
        }
        for (var client : all) {
            client.close();
        }
    }

    /** A chat client through Caddy, its connect sequence read up to connected_users. */
    private static TestClient connect(String username) {
        var client = connectRaw(username);
        client.skipTo("connected_users");
        return client;
    }

    private static TestClient connectRaw(String username) {
        return TestClient.connect(caddy.wss("/ws?token=" + a.token(username)), https.newWebSocketBuilder());
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(caddy.https(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int openConnections(TestServer node) throws Exception {
        var matcher = Pattern.compile("(?m)^onrabble_connections_open(\\{[^}]*})? (\\S+)$").matcher(node.metrics());
        assertThat(matcher.find()).isTrue();
        return (int) Double.parseDouble(matcher.group(2));
    }

    private static List<String> openedLines() {
        return List.copyOf(serverLog.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains(" opened for user ")).toList();
    }

    private static Map<String, Long> ackedBy(List<LoadClient> clients) {
        var all = new HashMap<String, Long>();
        clients.forEach(client -> all.putAll(client.acked()));
        return all;
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
