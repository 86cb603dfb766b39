package io.onrabble.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /readyz} tells a proxy whether to send this node traffic; {@code /healthz} only that the process lives. */
class ReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readyzTurns503NamingPostgresOrValkeyWhileEitherIsCutAndReturnsWhenTheyAreBack() throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared();
             var database = new TcpProxy("127.0.0.1", 5432); var valkeyLink = new TcpProxy("127.0.0.1", 6379);
             var server = TestServer.start("DATABASE_URL", postgres.url(database.hostPort()),
                     "VALKEY_URL", "redis://" + valkeyLink.hostPort(), "VALKEY_PREFIX", valkey.prefix())) {
            awaitReady(server);
            assertThat(readyz(server).path("checks").fieldNames()).toIterable()
                    .containsExactly("database", "valkey", "identity");

            database.cut();
            awaitFailing(server, "database");
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.metrics()).contains("onrabble_dependency_up{dependency=\"database\"} 0.0");
            database.restore();
            awaitReady(server);

            valkeyLink.cut();
            awaitFailing(server, "valkey");
            valkeyLink.restore();
            awaitReady(server);
            assertThat(server.metrics()).contains("onrabble_dependency_up{dependency=\"valkey\"} 1.0");
        }
    }

    @Test
    void embeddedModeIsReadyWithoutValkey() throws Exception {
        try (var server = TestServer.start()) {
            awaitReady(server);
            assertThat(readyz(server).path("checks").fieldNames()).toIterable().containsExactly("database", "identity");
        }
    }

    @Test
    void anIdentityProviderWhoseKeysCannotBeFetchedMakesTheNodeUnready() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var server = TestServer.start("OIDC_ISSUERS", "http://127.0.0.1:" + closedPort + "/realms/gone")) {
            awaitFailing(server, "identity");
        }
    }

    @Test
    void aGracefulStopAnswers503BeforeItClosesTheConnections() throws Exception {
        var server = TestServer.start("SHUTDOWN_DRAIN", "3s");
        try (var alice = server.connect("alice")) {
            awaitReady(server);

            var stopped = CompletableFuture.runAsync(server::stop);

            awaitFailing(server, "shutdown");
            assertThat(alice.isClosed()).as("still connected while /readyz says 503").isFalse();
            assertThat(alice.awaitClose()).isEqualTo(1001);
            stopped.get();
        }
    }

    private static void awaitReady(TestServer server) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var response = server.get("/readyz");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("ready");
        });
    }

    private static void awaitFailing(TestServer server, String part) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var response = server.get("/readyz");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).path("failing")).extracting(JsonNode::asText).containsExactly(part);
        });
    }

    private static JsonNode readyz(TestServer server) throws Exception {
        return JSON.readTree(server.get("/readyz").body());
    }
}
