package io.onrabble.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.util.Map;

import static io.onrabble.testing.TestServer.userId;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery, health, metrics, the rate limit, configuration errors and the token command. */
class ServerBasicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void discoveryAdvertisesUrlsWithTheSchemeRulesOfTheQtClient() throws Exception {
        try (var server = TestServer.start("PUBLIC_URL", "https://chat.example.com/")) {
            var response = server.get("/discovery");
            assertThat(response.statusCode()).isEqualTo(200);
            var body = JSON.readTree(response.body());
            assertThat(body.path("chat_url").asText()).isEqualTo("wss://chat.example.com/ws");
            assertThat(body.path("health_url").asText()).isEqualTo("chat.example.com/healthz");
            assertThat(body.path("server_name").asText()).isEqualTo("OnRabble");
            assertThat(body.path("chat_client").asText()).isEqualTo("ChatClient");
            assertThat(body.path("capabilities")).extracting(JsonNode::asText).contains("typing", "read_markers");
            var serverId = body.path("server_id").asText();
            assertThat(serverId).matches("[0-9a-f-]{36}");

            server.stop();
            server.restart();
            assertThat(JSON.readTree(server.get("/discovery").body()).path("server_id").asText()).isEqualTo(serverId);
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anH2cUpgradeRequestIsAnsweredOverHttp1() throws Exception {
        try (var server = TestServer.start(); var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
                    .getBytes(US_ASCII));
            var statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void rateLimitRefusesTheEleventhMessageWithARetryHintAndNothingIsBroadcast() throws Exception {
        try (var server = TestServer.start(); var alice = server.connect("alice"); var bob = server.connect("bob")) {
            for (int i = 1; i <= 10; i++) {
                alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"m" + i + "\"}");
                assertThat(bob.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("m" + i);
            }
            alice.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("bob") + "\",\"message\":\"m11\",\"nonce\":\"n11\"}");

            var error = alice.skipTo("error").path("payload");
            assertThat(error.path("code").asText()).isEqualTo("rate_limited");
            assertThat(error.path("nonce").asText()).isEqualTo("n11");
            assertThat(error.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
            bob.quietFor(300);
        }
    }

    @Test
    void metricsCountConnectionsMessagesAndRejections() throws Exception {
        try (var server = TestServer.start(); var alice = server.connect("alice")) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"counted\"}");
            alice.next("chat_message");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"Nope\",\"message\":\"refused\"}");
            alice.next("error");

            assertThat(server.metrics())
                    .contains("onrabble_connections_open 1.0")
                    .contains("onrabble_messages_in_total{kind=\"public\"} 1.0")
                    .contains("onrabble_messages_rejected_total{reason=\"unknown_channel\"} 1.0")
                    .containsPattern("onrabble_frames_out_total [1-9]")
                    .contains("onrabble_outbound_dropped_total 0.0");
        }
    }

    @Test
    void metricsAreForAdminsAndForAScraperHoldingTheMetricsToken() throws Exception {
        try (var server = TestServer.start("METRICS_TOKEN", "scrape-secret")) {
            var http = HttpClient.newHttpClient();
            assertThat(server.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(status(http, server, "Bearer " + server.token("alice"))).isEqualTo(403);
            assertThat(status(http, server, "Bearer wrong-secret")).isEqualTo(401);
            assertThat(status(http, server, "Bearer scrape-secret")).isEqualTo(200);
            assertThat(status(http, server, "Bearer " + server.adminToken("root", "ChatClient"))).isEqualTo(200);
        }
    }

    private static int status(HttpClient http, TestServer server, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(server.httpUri("/metrics")).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void tokenCommandPrintsATokenTheEmbeddedServerAccepts() throws Exception {
        try (var server = TestServer.start()) {
            var out = new StringWriter();
            // The same settings as the server: its port names the development issuer.
            var command = new CommandLine(new TokenCommand(Map.of(Config.PREFIX + "DATA_DIR", server.dataDir().toString(),
                    Config.PREFIX + "HTTP_PORT", Integer.toString(server.port()))));
            command.setOut(new PrintWriter(out));
            assertThat(command.execute("carol", "--admin", "--ttl", "5m")).isZero();

            try (var carol = TestClient.connect(server.wsUri(out.toString().trim()))) {
                var users = carol.skipTo("connected_users").path("payload").path("users");
                assertThat(users.get(0).path("id").asText()).isEqualTo(userId("carol"));
            }
        }
    }

    @Test
    void tokenCommandRefusesWhenAnExternalIssuerIsConfigured() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = new CommandLine(new TokenCommand(Map.of(Config.PREFIX + "OIDC_ISSUERS", "https://id.example.com/realms/x",
                Config.PREFIX + "DATA_DIR", java.nio.file.Files.createTempDirectory("onrabble-token").toString())));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return 2;
        });

        assertThat(command.execute("mallory", "--admin")).isNotZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("ONRABBLE_OIDC_ISSUERS");
    }

    @Test
    void aConfigFileSuppliesWhatTheEnvironmentLeavesUnset() throws Exception {
        var file = java.nio.file.Files.createTempFile("onrabble", ".properties");
        java.nio.file.Files.writeString(file, "ONRABBLE_SERVER_NAME=From the file\nONRABBLE_HTTP_PORT=9999\n");

        var config = Config.fromEnv(Map.of("ONRABBLE_CONFIG_FILE", file.toString(), "ONRABBLE_HTTP_PORT", "7777"));

        assertThat(config.serverName()).isEqualTo("From the file");
        assertThat(config.httpPort()).isEqualTo(7777);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_CONFIG_FILE", "/nonexistent/onrabble.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_CONFIG_FILE");
    }

    @Test
    void malformedSettingsStopStartupWithAMessageNamingTheVariable() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_HTTP_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_WS_PING_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_WS_PING_TIMEOUT");
        assertThatThrownBy(() -> OnRabbleServer.start(Config.fromEnv(Map.of("ONRABBLE_HTTP_HOST", "0.0.0.0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_TYPING_INTERVAL", "5s", "ONRABBLE_TYPING_EXPIRY", "5s"))
                .validate()).isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_TYPING_EXPIRY");
    }
}
