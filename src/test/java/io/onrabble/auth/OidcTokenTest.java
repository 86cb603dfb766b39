package io.onrabble.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.onrabble.testing.MockIssuer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens of a configured OIDC issuer (a local mock provider): what is accepted and what is refused. */
class OidcTokenTest {
    private static MockIssuer provider;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockIssuer("Chatserver");
        server = TestServer.start("OIDC_ISSUERS", provider.issuer(), "TOKEN_LEEWAY", "1s");
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.close();
    }

    private int refused(String token) {
        return TestClient.refusedStatus(server.wsUri(token));
    }

    @Test
    void aValidAccessTokenOpensAChatConnection() {
        try (var alice = TestClient.connect(server.wsUri(provider.token("alice")))) {
            var users = alice.skipTo("connected_users").path("payload").path("users");
            assertThat(users.get(0).path("username").asText()).isEqualTo("alice");
        }
    }

    @Test
    void unsignedAndSymmetricallySignedTokensAreRefused() throws Exception {
        var claims = provider.claims("mallory").build();
        assertThat(refused(new PlainJWT(claims).serialize())).isEqualTo(401);

        var hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(provider.currentKey().getKeyID()).build(), claims);
        hmac.sign(new MACSigner(provider.currentKey().toPublicJWK().toRSAPublicKey().getEncoded()));
        assertThat(refused(hmac.serialize())).isEqualTo(401);
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        assertThat(refused(provider.token("mallory", c -> c.expirationTime(Date.from(Instant.now().minusSeconds(60))))))
                .isEqualTo(401);
        assertThat(refused(provider.token("mallory", c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(60))))))
                .isEqualTo(401);
    }

    @Test
    void wrongIssuerWrongClientAndNonAccessTokensAreRefused() {
        assertThat(refused(provider.token("mallory", c -> c.issuer("http://127.0.0.1:1/realms/other")))).isEqualTo(401);
        assertThat(refused(provider.token("mallory", c -> c.claim("azp", "SomeOtherApp")))).isEqualTo(401);
        assertThat(refused(provider.token("mallory", c -> c.claim("typ", "ID")))).isEqualTo(401);
    }

    @Test
    void aKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        var stranger = new RSAKeyGenerator(2048).keyID("not-published").generate();
        assertThat(refused(MockIssuer.sign(provider.claims("mallory").build(), stranger))).isEqualTo(401);
        var sameKidOtherKey = new RSAKeyGenerator(2048).keyID(provider.currentKey().getKeyID()).generate();
        assertThat(refused(MockIssuer.sign(provider.claims("mallory").build(), sameKidOtherKey))).isEqualTo(401);
    }

    @Test
    void missingClaimsGarbageAndEnormousTokensAreRefused() {
        assertThat(refused(provider.token("mallory", c -> c.claim("preferred_username", null)))).isEqualTo(401);
        assertThat(refused(provider.token("mallory", c -> c.subject(null)))).isEqualTo(401);
        assertThat(refused("eyJhbGciOiJSUzI1NiJ9.garbage.garbage")).isEqualTo(401);
        assertThat(refused(provider.token("mallory", c -> c.claim("padding", "x".repeat(20_000))))).isEqualTo(401);
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutRestart() throws Exception {
        try (var rotating = new MockIssuer("Rotating");
             var rotatingServer = TestServer.start("OIDC_ISSUERS", rotating.issuer())) {
            try (var before = TestClient.connect(rotatingServer.wsUri(rotating.token("erin")))) {
                before.skipTo("connected_users");
            }
            var fetchesBefore = rotating.jwksFetches();
            rotating.rotate();
            try (var after = TestClient.connect(rotatingServer.wsUri(rotating.token("erin")))) {
                after.skipTo("connected_users");
            }
            assertThat(rotating.jwksFetches()).isGreaterThan(fetchesBefore);
        }
    }

    @Test
    void theTokenMayComeInAnAuthorizationHeaderOrASubprotocol() {
        var token = provider.token("frank");
        var uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        var byHeader = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token);
        try (var client = TestClient.connect(uri, byHeader)) {
            client.skipTo("connected_users");
        }
        var bySubprotocol = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("bearer." + token, "onrabble");
        try (var client = TestClient.connect(uri, bySubprotocol)) {
            client.skipTo("connected_users");
            assertThat(client.subprotocol()).isEqualTo("onrabble");
        }
    }

    @Test
    void discoveryAdvertisesTheProvidersEndpointsWithoutScheme() throws Exception {
        var body = server.get("/discovery").body();
        var host = provider.issuer().substring("http://".length());
        assertThat(body).contains("\"auth_url\":\"" + host + "/protocol/openid-connect/auth\"")
                .contains("\"token_url\":\"" + host + "/protocol/openid-connect/token\"");
    }

    @Test
    void aShortLivedTokenOfARefreshingClientIsWarnedThenClosedWithTheAuthCode() {
        var token = provider.token("gina", c -> c.expirationTime(Date.from(Instant.now().plusSeconds(2))));
        try (var gina = TestClient.connect(URI.create(server.wsUri(token) + "&refresh=1"))) {
            var warning = gina.skipTo("token_expiring").path("payload");
            assertThat(warning.path("expires_in_ms").asLong()).isBetween(1L, 2000L);
            assertThat(gina.awaitClose()).isEqualTo(4001);
        }
    }

    @Test
    void aRefreshBeforeExpiryKeepsTheConnectionOpen() throws Exception {
        var token = provider.token("hank", c -> c.expirationTime(Date.from(Instant.now().plusSeconds(2))));
        try (var hank = TestClient.connect(server.wsUri(token))) {
            hank.skipTo("connected_users");
            hank.send("{\"type\":\"refresh_token\",\"token\":\"" + provider.token("someone-else") + "\",\"nonce\":\"r0\"}");
            assertThat(hank.skipTo("error").path("payload").path("code").asText()).isEqualTo("invalid_token");

            hank.send("{\"type\":\"refresh_token\",\"token\":\"" + provider.token("hank") + "\",\"nonce\":\"r1\"}");
            var refreshed = hank.skipTo("token_refreshed").path("payload");
            assertThat(refreshed.path("nonce").asText()).isEqualTo("r1");
            assertThat(Instant.parse(refreshed.path("expires_at").asText())).isAfter(Instant.now().plusSeconds(60));

            hank.quietFor(3000);
            hank.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"still here\"}");
            assertThat(hank.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("still here");
        }
    }

    @Test
    void theDevelopmentIssuerIsOffWhenAnIssuerIsConfigured() {
        assertThat(refused(server.token("alice"))).isEqualTo(401);
    }

    @Test
    void usersOfTwoIssuersNeverShareAnIdAndTheFirstIssuersKeepTheirSub() throws Exception {
        try (var other = new MockIssuer("Other");
             var twoRealms = TestServer.start("OIDC_ISSUERS", provider.issuer() + "," + other.issuer());
             var fromFirst = TestClient.connect(twoRealms.wsUri(provider.token("ivy")))) {
            fromFirst.skipTo("connected_users");
            // Both realms gave their ivy the same sub.
            var sub = com.nimbusds.jwt.SignedJWT.parse(provider.token("ivy")).getJWTClaimsSet().getSubject();
            try (var fromSecond = TestClient.connect(twoRealms.wsUri(other.token("ivy")))) {
                var users = fromSecond.skipTo("connected_users").path("payload").path("users");
                assertThat(users).extracting(user -> user.path("id").asText())
                        .containsExactlyInAnyOrder(sub, IssuerNamespace.prefixFor(other.issuer()) + sub);
            }
            // A first-realm sub shaped like a second-realm id could take someone else's id: refused.
            assertThat(TestClient.refusedStatus(twoRealms.wsUri(provider.token("ivy",
                    c -> c.subject(IssuerNamespace.prefixFor(other.issuer()) + sub))))).isEqualTo(401);
        }
    }

    @Test
    void eachIssuerMayHaveItsOwnClientAndAudienceRules() throws Exception {
        try (var partner = new MockIssuer("Partner");
             var twoRealms = TestServer.start("OIDC_ISSUERS", provider.issuer() + "," + partner.issuer(),
                     "OIDC_2_CLIENT_IDS", "PartnerApp", "OIDC_2_AUDIENCES", "chat-api")) {
            var partnerToken = partner.token("lee", c -> c.claim("azp", "PartnerApp").audience("chat-api"));
            try (var lee = TestClient.connect(twoRealms.wsUri(partnerToken))) {
                lee.skipTo("connected_users");
            }
            assertThat(TestClient.refusedStatus(twoRealms.wsUri(partner.token("lee")))).isEqualTo(401);
            assertThat(TestClient.refusedStatus(twoRealms.wsUri(
                    partner.token("lee", c -> c.claim("azp", "PartnerApp"))))).isEqualTo(401);
            try (var first = TestClient.connect(twoRealms.wsUri(provider.token("mia")))) {
                first.skipTo("connected_users");
            }
        }
    }

    @Test
    void cachedKeysKeepWorkingWhileTheProviderIsDownAndAnUnreachableProviderIsReported() throws Exception {
        try (var flaky = new MockIssuer("Flaky");
             var flakyServer = TestServer.start("OIDC_ISSUERS", flaky.issuer())) {
            try (var first = TestClient.connect(flakyServer.wsUri(flaky.token("jay")))) {
                first.skipTo("connected_users");
            }
            flaky.online(false);
            try (var second = TestClient.connect(flakyServer.wsUri(flaky.token("jay")))) {
                second.skipTo("connected_users");
            }
        }
        // Down before the server starts: its readiness probe would otherwise fetch the keys at once.
        try (var down = new MockIssuer("Down")) {
            down.online(false);
            try (var downServer = TestServer.start("OIDC_ISSUERS", down.issuer())) {
                assertThat(TestClient.refusedStatus(downServer.wsUri(down.token("kim")))).isEqualTo(503);
            }
        }
    }
}
