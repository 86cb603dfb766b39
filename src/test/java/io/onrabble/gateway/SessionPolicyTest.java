package io.onrabble.gateway;

import io.onrabble.protocol.CloseCode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session policy: a client that cannot refresh (the existing OnRabble clients) outlives its
 * token up to ONRABBLE_SESSION_MAX and is then closed with 4002; one that declared it refreshes
 * must, or is closed with 4001 at expiry; bans and admins end either kind at once.
 */
class SessionPolicyTest {
    private static final Duration SHORT_TOKEN = Duration.ofSeconds(1);

    /** Waits (without sleeping the test thread blind) until {@code instant} has passed on the wall clock. */
    private static void awaitPassed(Instant instant) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().isAfter(instant));
    }

    private static void assertAlive(TestClient client, String text) {
        client.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + text + "\"}");
        assertThat(client.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo(text);
    }

    @Test
    void aClientThatNeverRefreshesOutlivesItsTokenUpToTheSessionMaximum() throws Exception {
        try (var server = TestServer.start("SESSION_MAX", "4s")) {
            var token = server.token("olive", SHORT_TOKEN);
            var connected = Instant.now();
            try (var olive = TestClient.connect(server.wsUri(token))) {
                olive.skipTo("connected_users");
                awaitPassed(connected.plus(SHORT_TOKEN).plusMillis(500));
                assertAlive(olive, "my token has expired and I am still here");

                assertThat(olive.awaitClose()).isEqualTo(CloseCode.SESSION_ENDED);
                assertThat(Duration.between(connected, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
            }
            // The old client reconnects with a fresh token, as after any other close.
            try (var again = server.connect("olive")) {
                assertAlive(again, "back");
            }
        }
    }

    @Test
    void aClientThatDeclaredItRefreshesIsStillClosedAtExpiryWithoutARefresh() throws Exception {
        try (var server = TestServer.start("SESSION_MAX", "1h", "TOKEN_EXPIRY_WARNING", "500ms")) {
            var connected = Instant.now();
            try (var paul = TestClient.connect(URI.create(server.wsUri(server.token("paul", Duration.ofSeconds(2)))
                    + "&refresh=1"))) {
                assertThat(paul.skipTo("token_expiring").path("payload").path("expires_in_ms").asLong()).isBetween(1L, 2000L);
                assertThat(paul.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED);
                assertThat(Duration.between(connected, Instant.now())).isLessThan(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void aTokenThatOutlastsTheSessionMaximumKeepsTheConnectionUntilItExpires() throws Exception {
        try (var server = TestServer.start("SESSION_MAX", "1s")) {
            var connected = Instant.now();
            try (var quinn = TestClient.connect(server.wsUri(server.token("quinn", Duration.ofSeconds(3))))) {
                quinn.skipTo("connected_users");
                awaitPassed(connected.plusMillis(1500));
                assertAlive(quinn, "still valid");
                assertThat(quinn.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED);
            }
        }
    }

    @Test
    void aBanDuringTheExtendedSessionClosesItAtOnce() throws Exception {
        try (var server = TestServer.start("SESSION_MAX", "1h")) {
            var connected = Instant.now();
            try (var rita = TestClient.connect(server.wsUri(server.token("rita", SHORT_TOKEN)))) {
                rita.skipTo("connected_users");
                awaitPassed(connected.plus(SHORT_TOKEN).plusMillis(500));
                assertAlive(rita, "past my token");

                var ban = server.send("POST", "/users/ban", server.adminToken("root"),
                        "{\"banished_id\":\"" + userId("rita") + "\",\"reason\":\"spam\"}");
                assertThat(ban.statusCode()).isEqualTo(200);
                assertThat(rita.awaitClose()).isEqualTo(CloseCode.BANNED);
            }
        }
    }

    @Test
    void anAdminEndsEveryConnectionOfAUserAndTheUserMayComeBack() throws Exception {
        try (var server = TestServer.start("SESSION_MAX", "1h")) {
            var legacy = server.connect("sam");
            var refreshing = TestClient.connect(URI.create(server.wsUri(server.token("sam")) + "&refresh=1"));
            refreshing.skipTo("connected_users");
            try (var tess = server.connect("tess")) {
                var response = server.send("POST", "/users/" + userId("sam") + "/disconnect", server.adminToken("root"), null);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(legacy.awaitClose()).isEqualTo(CloseCode.ENDED_BY_ADMIN);
                assertThat(refreshing.awaitClose()).isEqualTo(CloseCode.ENDED_BY_ADMIN);
                assertAlive(tess, "unaffected");

                var user = server.send("POST", "/users/" + userId("tess") + "/disconnect", server.token("sam"), null);
                assertThat(user.statusCode()).isEqualTo(403);
                assertAlive(tess, "still unaffected");
            }
            try (var again = server.connect("sam")) {
                assertAlive(again, "not banned, only signed out");
            }
        }
    }
}
