package io.onrabble.auth;

import io.onrabble.testing.KeycloakServer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Keycloak (from Maven Central, on loopback) with the development realms of
 * deploy/keycloak: two configured realms, a realm that is not configured, key rotation.
 */
class KeycloakTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        KeycloakServer.start();
        server = TestServer.start("OIDC_ISSUERS",
                KeycloakServer.issuerUrl("Chatserver") + "," + KeycloakServer.issuerUrl("Other"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(String realm, String user) {
        return KeycloakServer.passwordToken(realm, "ChatClient", user, user);
    }

    @Test
    void usersOfBothConfiguredRealmsChatTogether() {
        try (var alice = TestClient.connect(server.wsUri(token("Chatserver", "alice")))) {
            alice.skipTo("connected_users");
            try (var dave = TestClient.connect(server.wsUri(token("Other", "dave")))) {
                var users = dave.skipTo("connected_users").path("payload").path("users");
                assertThat(users).extracting(u -> u.path("username").asText()).containsExactlyInAnyOrder("alice", "dave");

                dave.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello from Other\",\"nonce\":\"k1\"}");
                var received = alice.skipTo("chat_message").path("payload");
                assertThat(received.path("username").asText()).isEqualTo("dave");
                assertThat(received.path("message").asText()).isEqualTo("hello from Other");
                assertThat(dave.skipTo("ack").path("payload").path("nonce").asText()).isEqualTo("k1");
            }
        }
    }

    /**
     * The Qt client takes its own id from its token's {@code sub} and keeps the private messages whose
     * owner or recipient is that id: the first realm's users find their threads with two realms configured.
     */
    @Test
    void aClientFilteringPrivateMessagesByItsTokensSubFindsItsThreads() throws Exception {
        var aliceToken = token("Chatserver", "alice");
        var aliceSub = com.nimbusds.jwt.SignedJWT.parse(aliceToken).getJWTClaimsSet().getSubject();
        try (var alice = TestClient.connect(server.wsUri(aliceToken))) {
            alice.skipTo("connected_users");
            try (var dave = TestClient.connect(server.wsUri(token("Other", "dave")))) {
                var users = dave.skipTo("connected_users").path("payload").path("users");
                var aliceId = idOf(users, "alice");
                assertThat(aliceId).isEqualTo(aliceSub);
                // The second realm's ids stay apart: same realm export, same subs would otherwise collide.
                assertThat(idOf(users, "dave")).startsWith(IssuerNamespace.prefixFor(KeycloakServer.issuerUrl("Other")));

                dave.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + aliceId
                        + "\",\"message\":\"psst\",\"nonce\":\"d1\"}");
                dave.skipTo("ack");
                var live = alice.skipTo("private_chat_message").path("payload");
                assertThat(live.path("recipient_id").asText()).isEqualTo(aliceSub);
            }
        }
        try (var again = TestClient.connect(server.wsUri(token("Chatserver", "alice")))) {
            var thread = again.skipTo("bulk_private_messages").path("payload").path("messages");
            assertThat(thread).filteredOn(m -> aliceSub.equals(m.path("recipient_id").asText())
                    || aliceSub.equals(m.path("owner_id").asText()))
                    .extracting(m -> m.path("message").asText()).contains("psst");
        }
    }

    private static String idOf(com.fasterxml.jackson.databind.JsonNode users, String username) {
        for (var user : users) {
            if (username.equals(user.path("username").asText())) {
                return user.path("id").asText();
            }
        }
        throw new AssertionError(username + " is not in " + users);
    }

    @Test
    void adminRoutesNeedTheAdminRealmRole() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (var user : new String[]{"alice", "bob"}) {
            var request = java.net.http.HttpRequest.newBuilder(server.httpUri("/channels"))
                    .header("Authorization", "Bearer " + KeycloakServer.passwordToken("Chatserver", "WebClient", user, user))
                    .GET().build();
            var status = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).as("GET /channels as %s", user).isEqualTo(user.equals("alice") ? 200 : 403);
        }
    }

    @Test
    void aTokenFromARealmThatIsNotConfiguredIsRefused() {
        var masterToken = KeycloakServer.passwordToken("master", "admin-cli", KeycloakServer.ADMIN_USER,
                KeycloakServer.ADMIN_PASSWORD);
        assertThat(TestClient.refusedStatus(server.wsUri(masterToken))).isEqualTo(401);
    }

    @Test
    void tokensSignedWithANewRealmKeyAreAcceptedWithoutRestart() {
        var kid = KeycloakServer.addRealmKey("Chatserver");
        var token = token("Chatserver", "bob");
        assertThat(token).isNotNull();
        try (var bob = TestClient.connect(server.wsUri(token))) {
            assertThat(bob.skipTo("connected_users").path("payload").path("users"))
                    .extracting(u -> u.path("username").asText()).contains("bob");
        }
        assertThat(kidOf(token)).isEqualTo(kid);
    }

    private static String kidOf(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
