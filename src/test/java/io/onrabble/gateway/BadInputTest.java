package io.onrabble.gateway;

import io.onrabble.testing.RawWebSocket;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a clear error, changes nothing, and leaves the connection (and the server) alive. */
class BadInputTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("MAX_MESSAGE_CHARS", "100", "WS_MAX_FRAME_BYTES", "4096");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectionWithoutTokenIsRefusedWith401() {
        assertThat(TestClient.refusedStatus(server.wsUri(null))).isEqualTo(401);
    }

    @Test
    void connectionWithInvalidTokenIsRefusedWith401AndAJsonReason() throws Exception {
        assertThat(TestClient.refusedStatus(server.wsUri("not-a-token"))).isEqualTo(401);
        var forged = server.token("mallory");
        forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(TestClient.refusedStatus(server.wsUri(forged))).isEqualTo(401);

        var refusal = RawWebSocket.refusal(server.port(), "garbage");
        assertThat(refusal).startsWith("HTTP/1.1 401").contains("\"code\":\"invalid_token\"").doesNotContain("garbage");
    }

    @Test
    void malformedFramesGetErrorFramesAndTheConnectionSurvives() {
        try (var alice = server.connect("alice")) {
            alice.send("{not json");
            assertError(alice, "bad_request");
            alice.send("[1,2]");
            assertError(alice, "bad_request");
            alice.send("{\"type\":\"launch_rockets\",\"nonce\":\"n7\"}");
            var unknown = alice.next("error").path("payload");
            assertThat(unknown.path("code").asText()).isEqualTo("bad_request");
            assertThat(unknown.path("nonce").asText()).isEqualTo("n7");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":42}");
            assertError(alice, "bad_request");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"   \"}");
            assertError(alice, "bad_request");
            alice.sendBinary("{\"type\":\"chat_message\"}".getBytes());
            assertError(alice, "bad_request");

            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"still here\"}");
            assertThat(alice.next("chat_message").path("payload").path("message").asText()).isEqualTo("still here");
        }
    }

    @Test
    void unknownChannelIsRefusedAndNothingIsBroadcast() throws Exception {
        try (var alice = server.connect("alice"); var bob = server.connect("bob")) {
            alice.skipTo("user_status");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"Nowhere\",\"message\":\"hi\"}");
            assertError(alice, "unknown_channel");
            alice.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"\",\"message\":\"hi\"}");
            assertError(alice, "bad_request");
            bob.quietFor(300);
        }
    }

    @Test
    void overLongMessageIsRefusedAsTooLarge() {
        try (var alice = server.connect("alice")) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + "x".repeat(101) + "\"}");
            assertError(alice, "too_large");
        }
    }

    @Test
    void frameAboveTheFrameLimitIsRefusedAsTooLargeAndTheConnectionSurvives() {
        try (var alice = server.connect("alice")) {
            for (var size : new int[]{5_000, 100_000}) {
                alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + "x".repeat(size) + "\"}");
                assertError(alice, "too_large");
            }
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"small\"}");
            assertThat(alice.next("chat_message").path("payload").path("message").asText()).isEqualTo("small");
        }
    }

    @Test
    void aSingleFrameFarAboveTheLimitIsNotReadAndEndsOnlyThatConnection() throws Exception {
        try (var raw = RawWebSocket.open(server.port(), server.token("mallory"), 65536)) {
            assertThatThrownBy(() -> {
                raw.sendText("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + "x".repeat(100_000) + "\"}");
                raw.readUntilClose();
                throw new java.io.EOFException("closed with a close frame");
            }).isInstanceOf(java.io.IOException.class)
                    // a read timeout is an IOException too, but means the server never closed the socket
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
        try (var alice = server.connect("alice")) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"fine\"}");
            assertThat(alice.next("chat_message").path("payload").path("message").asText()).isEqualTo("fine");
        }
    }

    @Test
    void repeatedAbuseClosesTheConnectionWithPolicyViolation() {
        try (var alice = server.connect("alice")) {
            for (int i = 0; i < 25; i++) {
                alice.send("{nope");
            }
            assertThat(alice.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void plainHttpRequestToTheWebSocketPathIsABadRequest() throws Exception {
        var response = server.get("/ws");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"bad_request\"");
    }

    private static void assertError(TestClient client, String code) {
        var error = client.next("error");
        assertThat(error.path("sender").asText()).isEqualTo("Server");
        assertThat(error.path("payload").path("code").asText()).isEqualTo(code);
        assertThat(error.path("payload").path("message").asText()).isNotBlank();
    }
}
