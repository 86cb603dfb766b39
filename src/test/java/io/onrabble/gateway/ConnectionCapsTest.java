package io.onrabble.gateway;

import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The caps refuse the next connection with the documented answer, let everyone else in, and free up on close. */
class ConnectionCapsTest {

    @Test
    void aUserOverTheirCapIsToldWhyAndClosedWith4029WhileOthersConnect() throws Exception {
        try (var server = TestServer.start("WS_MAX_CONNECTIONS_PER_USER", "2")) {
            var first = server.connect("alice");
            server.connect("alice");
            try (var third = TestClient.connect(server.wsUri(server.token("alice")))) {
                var error = third.next("error").path("payload");
                assertThat(error.path("code").asText()).isEqualTo("too_many_connections");
                assertThat(error.path("message").asText()).contains("2 connections");
                assertThat(third.awaitClose()).isEqualTo(4029);
            }
            server.connect("bob").close();
            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var again = TestClient.connect(server.wsUri(server.token("alice")))) {
                    assertThat(again.next().path("type").asText()).isNotEqualTo("error");
                }
            });
            assertThat(server.metrics()).contains("onrabble_connections_refused_total{cap=\"user\"} 1.0");
        }
    }

    @Test
    void anAddressOverItsCapGets429AndHealthStillAnswers() throws Exception {
        try (var server = TestServer.start("WS_MAX_CONNECTIONS_PER_ADDRESS", "3")) {
            for (var name : new String[]{"a", "b", "c"}) {
                server.connect(name);
            }
            assertThat(TestClient.refusedStatus(server.wsUri(server.token("d")))).isEqualTo(429);
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.metrics()).contains("onrabble_connections_refused_total{cap=\"address\"} 1.0");
        }
    }

    @Test
    void aFullNodeRefusesNewConnectionsSaysSoOnReadyzAndStillAnswersHealthAndAdmin() throws Exception {
        try (var server = TestServer.start("MAX_CONNECTIONS", "2")) {
            assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
            var clients = new ArrayList<TestClient>();
            clients.add(server.connect("a"));
            clients.add(server.connect("b"));
            assertThat(TestClient.refusedStatus(server.wsUri(server.token("c")))).isEqualTo(503);
            var readyz = server.get("/readyz");
            assertThat(readyz.statusCode()).isEqualTo(503);
            assertThat(readyz.body()).contains("\"failing\":[\"capacity\"]");
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.send("GET", "/channels", server.adminToken("root"), null).statusCode()).isEqualTo(200);

            clients.getFirst().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/readyz").statusCode() == 200);
            server.connect("c");
            assertThat(server.metrics()).contains("onrabble_connections_refused_total{cap=\"node\"} 1.0");
        }
    }

    @Test
    void anUpgradeWithAKeyThatIsNot16Base64BytesIsABadRequest() throws Exception {
        try (var server = TestServer.start()) {
            var token = server.token("alice");
            for (var key : new String[]{"", "Sec-WebSocket-Key: short\r\n", "Sec-WebSocket-Key: !!!!not base64!!!!\r\n",
                    "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(new byte[15]) + "\r\n",
                    "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(new byte[17]) + "\r\n"}) {
                assertThat(io.onrabble.testing.RawWebSocket.refusalWithKey(server.port(), token, key)).as(key)
                        .startsWith("HTTP/1.1 400");
            }
            server.connect("alice").close();
        }
    }
}
