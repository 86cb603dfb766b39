package io.onrabble.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.onrabble.testing.MockIssuer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development issuer's OpenID Connect endpoints, driven by a plain HTTP client the way the Qt
 * client drives Keycloak: discovery, the sign-in page, the code on the loopback redirect, the token
 * exchange with PKCE, and the token on {@code /ws}.
 */
class DevSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Never follows redirects: the test reads them, as the Qt client's loopback listener does. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String QT_REDIRECT = "http://127.0.0.1:1337/callback";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A PKCE pair: the verifier the client keeps and the S256 challenge it sends. */
    private record Pkce(String verifier, String challenge) {
        static Pkce create() throws Exception {
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var verifier = Base64URL.encode(bytes).toString();
            var challenge = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII))).toString();
            return new Pkce(verifier, challenge);
        }
    }

    @Test
    void theQtClientsAuthorizationCodeFlowYieldsATokenThatConnects() throws Exception {
        var discovery = JSON.readTree(server.get("/discovery").body());
        var authUrl = discovery.path("auth_url").asText();
        var tokenUrl = discovery.path("token_url").asText();
        // Without scheme, as for Keycloak: the Qt client puts one in front (here plain http, there is no TLS).
        assertThat(authUrl).isEqualTo("127.0.0.1:" + server.port() + "/dev/authorize");
        assertThat(tokenUrl).isEqualTo("127.0.0.1:" + server.port() + "/dev/token");

        var pkce = Pkce.create();
        var page = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + authUrl + "?" + form(Map.of(
                "response_type", "code", "client_id", "ChatClient", "redirect_uri", QT_REDIRECT, "state", "s-42",
                "scope", "openid", "code_challenge", pkce.challenge(), "code_challenge_method", "S256")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("DEVELOPMENT SIGN-IN", "id=\"username\"", "id=\"admin\"", "id=\"sign-in\"",
                "<label for=\"username\">", "<label for=\"admin\">admin role</label>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "form-action 'self' http://127.0.0.1:1337", "frame-ancestors 'none'")
                .doesNotContain("script-src");

        var callback = submit(URI.create("http://" + authUrl), page.body(), "alice", false);
        assertThat(callback.statusCode()).isEqualTo(302);
        var location = URI.create(callback.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(QT_REDIRECT + "?");
        var query = query(location);
        assertThat(query).containsEntry("state", "s-42").containsKey("code");

        var tokens = HTTP.send(post(URI.create("http://" + tokenUrl), Map.of("grant_type", "authorization_code",
                "code", query.get("code"), "redirect_uri", QT_REDIRECT, "client_id", "ChatClient",
                "code_verifier", pkce.verifier())), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).hasValue("no-store");
        var body = JSON.readTree(tokens.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isBetween(3000L, 3600L);
        assertThat(body.path("refresh_token").asText()).isNotEmpty();
        var access = SignedJWT.parse(body.path("access_token").asText()).getJWTClaimsSet();
        assertThat(access.getIssuer()).isEqualTo(server.publicUrl() + "/dev");
        assertThat(access.getStringClaim("azp")).isEqualTo("ChatClient");
        assertThat(access.getSubject()).isEqualTo(TestServer.userId("alice"));

        try (var alice = TestClient.connect(server.wsUri(body.path("access_token").asText()))) {
            var user = alice.skipTo("connected_users").path("payload").path("users").get(0);
            assertThat(user.path("username").asText()).isEqualTo("alice");
            assertThat(user.path("id").asText()).isEqualTo(TestServer.userId("alice"));
        }

        var reused = HTTP.send(post(URI.create("http://" + tokenUrl), Map.of("grant_type", "authorization_code",
                "code", query.get("code"), "redirect_uri", QT_REDIRECT, "client_id", "ChatClient",
                "code_verifier", pkce.verifier())), HttpResponse.BodyHandlers.ofString());
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(reused.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongVerifierIsRefusedAndBurnsTheCode() throws Exception {
        var pkce = Pkce.create();
        var code = signIn("bob", false, "ChatClient", QT_REDIRECT, pkce);
        var wrong = exchange(code, "ChatClient", QT_REDIRECT, Pkce.create().verifier());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_grant");
        // A code is single-use even when its first redemption failed: guessing verifiers gets nowhere.
        assertThat(JSON.readTree(exchange(code, "ChatClient", QT_REDIRECT, pkce.verifier()).body())
                .path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeIsBoundToItsClientAndRedirectUri() throws Exception {
        var pkce = Pkce.create();
        var code = signIn("carol", false, "ChatClient", QT_REDIRECT, pkce);
        assertThat(JSON.readTree(exchange(code, "ChatClient", "http://127.0.0.1:1337/other", pkce.verifier()).body())
                .path("error").asText()).isEqualTo("invalid_grant");
        var other = signIn("carol", false, "ChatClient", QT_REDIRECT, pkce);
        assertThat(JSON.readTree(exchange(other, "WebClient", QT_REDIRECT, pkce.verifier()).body())
                .path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void foreignRedirectUrisAndUnknownClientsGetAPageNeverARedirect() throws Exception {
        var pkce = Pkce.create();
        for (var foreign : List.of("https://evil.example/callback", "http://127.0.0.1:" + server.port() + ".evil.example/",
                "http://evil.example@127.0.0.1.evil.example/cb", "https://127.0.0.1:1337/callback",
                server.publicUrl() + "x/", "javascript:alert(1)", "http://127.0.0.1:1337/callback#frag")) {
            var response = authorize(Map.of("response_type", "code", "client_id", "ChatClient", "redirect_uri", foreign,
                    "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
            assertThat(response.statusCode()).as(foreign).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).as(foreign).isEmpty();
            assertThat(response.body()).contains("redirect_uri is missing or not allowed");
            var posted = HTTP.send(HttpRequest.newBuilder(server.httpUri("/dev/authorize"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("response_type", "code", "client_id", "ChatClient",
                            "redirect_uri", foreign, "code_challenge", pkce.challenge(), "code_challenge_method", "S256",
                            "username", "mallory")))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(foreign).isEqualTo(400);
            assertThat(posted.headers().firstValue("Location")).as(foreign).isEmpty();
        }
        var unknownClient = authorize(Map.of("response_type", "code", "client_id", "SomeApp", "redirect_uri", QT_REDIRECT,
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void withoutPkceTheClientIsSentBackAnOAuthError() throws Exception {
        var response = authorize(Map.of("response_type", "code", "client_id", "ChatClient", "redirect_uri", QT_REDIRECT,
                "state", "s-1"));
        assertThat(response.statusCode()).isEqualTo(302);
        var query = query(URI.create(response.headers().firstValue("Location").orElseThrow()));
        assertThat(query).containsEntry("error", "invalid_request").containsEntry("state", "s-1").doesNotContainKey("code");

        var plain = authorize(Map.of("response_type", "code", "client_id", "ChatClient", "redirect_uri", QT_REDIRECT,
                "code_challenge", Pkce.create().challenge(), "code_challenge_method", "plain"));
        assertThat(query(URI.create(plain.headers().firstValue("Location").orElseThrow()))).containsEntry("error", "invalid_request");
    }

    @Test
    void whatTheRequestCarriesIsEscapedOnThePage() throws Exception {
        var response = authorize(Map.of("response_type", "code", "client_id", "ChatClient", "redirect_uri", QT_REDIRECT,
                "state", "\"><script>alert(1)</script>", "code_challenge", Pkce.create().challenge(),
                "code_challenge_method", "S256"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<script").contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void aBadUsernameShowsTheFormAgainWithTheReason() throws Exception {
        var pkce = Pkce.create();
        var page = authorize(Map.of("response_type", "code", "client_id", "ChatClient", "redirect_uri", QT_REDIRECT,
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
        var response = submit(server.httpUri("/dev/authorize"), page.body(), "<b>bob</b>", false);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("role=\"alert\"", "id=\"username\"").doesNotContain("<b>bob</b>");
    }

    @Test
    void theAdminBoxGivesTheAdminRoleForTheDashboardUnderThePublicUrl() throws Exception {
        var pkce = Pkce.create();
        var redirect = server.publicUrl() + "/admin/callback";
        var tokens = JSON.readTree(exchange(signIn("root", true, "WebClient", redirect, pkce), "WebClient", redirect,
                pkce.verifier()).body());
        var admin = tokens.path("access_token").asText();
        assertThat(SignedJWT.parse(admin).getJWTClaimsSet().getStringClaim("azp")).isEqualTo("WebClient");
        assertThat(server.send("GET", "/users", admin, null).statusCode()).isEqualTo(200);

        var userPkce = Pkce.create();
        var user = JSON.readTree(exchange(signIn("dave", false, "WebClient", redirect, userPkce), "WebClient",
                redirect, userPkce.verifier()).body()).path("access_token").asText();
        assertThat(server.send("GET", "/users", user, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRefreshTokenGivesANewAccessTokenToItsClientOnly() throws Exception {
        var pkce = Pkce.create();
        var tokens = JSON.readTree(exchange(signIn("erin", false, "ChatClient", QT_REDIRECT, pkce), "ChatClient",
                QT_REDIRECT, pkce.verifier()).body());
        var refreshToken = tokens.path("refresh_token").asText();
        // A refresh token is no access token: the WebSocket refuses it.
        assertThat(TestClient.refusedStatus(server.wsUri(refreshToken))).isEqualTo(401);

        var refreshed = refresh(refreshToken, "ChatClient");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        var body = JSON.readTree(refreshed.body());
        assertThat(body.path("access_token").asText()).isNotEqualTo(tokens.path("access_token").asText());
        try (var erin = TestClient.connect(server.wsUri(body.path("access_token").asText()))) {
            assertThat(erin.skipTo("connected_users").path("payload").path("users").get(0).path("username").asText())
                    .isEqualTo("erin");
        }
        assertThat(JSON.readTree(refresh(refreshToken, "WebClient").body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(JSON.readTree(refresh(tokens.path("access_token").asText(), "ChatClient").body()).path("error").asText())
                .isEqualTo("invalid_grant");
        assertThat(JSON.readTree(refresh("garbage", "ChatClient").body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void theTokenEndpointAnswersOAuthErrorsForMalformedRequests() throws Exception {
        var noGrant = HTTP.send(post(server.httpUri("/dev/token"), Map.of("client_id", "ChatClient")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(noGrant.body()).path("error").asText()).isEqualTo("invalid_request");
        var password = HTTP.send(post(server.httpUri("/dev/token"), Map.of("grant_type", "password", "client_id",
                "ChatClient", "username", "alice", "password", "x")), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(password.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
        var unknownClient = HTTP.send(post(server.httpUri("/dev/token"), Map.of("grant_type", "refresh_token",
                "client_id", "SomeApp", "refresh_token", "x")), HttpResponse.BodyHandlers.ofString());
        assertThat(unknownClient.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknownClient.body()).path("error").asText()).isEqualTo("invalid_client");
        var asJson = server.send("POST", "/dev/token", null, "{\"grant_type\":\"refresh_token\"}");
        assertThat(asJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(asJson.body()).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void browsersOnTheServersOwnOrLoopbackOriginsMayCallTheTokenEndpoint() throws Exception {
        for (var origin : List.of("http://localhost:5173", server.publicUrl())) {
            var preflight = server.send("OPTIONS", "/dev/token", null, null, "Origin", origin,
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.statusCode()).as(origin).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        }
        var foreign = HTTP.send(HttpRequest.newBuilder(server.httpUri("/dev/token")).header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=ChatClient&refresh_token=x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theProviderMetadataAndKeysLetAnyOidcLibraryVerifyTheTokens() throws Exception {
        var metadata = JSON.readTree(server.get("/dev/.well-known/openid-configuration").body());
        var issuer = server.publicUrl() + "/dev";
        assertThat(metadata.path("issuer").asText()).isEqualTo(issuer);
        assertThat(metadata.path("authorization_endpoint").asText()).isEqualTo(issuer + "/authorize");
        assertThat(metadata.path("token_endpoint").asText()).isEqualTo(issuer + "/token");
        assertThat(metadata.path("jwks_uri").asText()).isEqualTo(issuer + "/jwks");
        assertThat(metadata.path("end_session_endpoint").asText()).isEqualTo(issuer + "/logout");
        assertThat(texts(metadata.path("response_types_supported"))).containsExactly("code");
        assertThat(texts(metadata.path("grant_types_supported"))).containsExactly("authorization_code", "refresh_token");
        assertThat(texts(metadata.path("code_challenge_methods_supported"))).containsExactly("S256");

        var keys = JWKSet.parse(server.get("/dev/jwks").body());
        assertThat(keys.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        var pkce = Pkce.create();
        var tokens = JSON.readTree(exchange(signIn("frank", false, "ChatClient", QT_REDIRECT, pkce), "ChatClient",
                QT_REDIRECT, pkce.verifier()).body());
        for (var field : List.of("access_token", "id_token")) {
            var jwt = SignedJWT.parse(tokens.path(field).asText());
            assertThat(jwt.verify(new RSASSAVerifier((RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID())))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(issuer);
        }
        assertThat(SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet().getAudience()).containsExactly("ChatClient");
    }

    @Test
    void logoutReturnsOnlyToAllowedPlaces() throws Exception {
        var back = server.get("/dev/logout?post_logout_redirect_uri="
                + URLEncoder.encode(server.publicUrl() + "/", StandardCharsets.UTF_8) + "&state=bye");
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValue(server.publicUrl() + "/?state=bye");
        var foreign = server.get("/dev/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void anExternalIssuerTurnsTheDevelopmentSignInOff() throws Exception {
        try (var provider = new MockIssuer("Chatserver");
             var external = TestServer.start("OIDC_ISSUERS", provider.issuer())) {
            assertThat(external.get("/dev/.well-known/openid-configuration").statusCode()).isEqualTo(404);
            assertThat(external.get("/dev/authorize").statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(external.get("/discovery").body()).path("auth_url").asText())
                    .isEqualTo(provider.issuer().replace("http://", "") + "/protocol/openid-connect/auth");
        }
    }

    /** Signs {@code username} in through the form and returns the code from the redirect. */
    private static String signIn(String username, boolean admin, String clientId, String redirectUri, Pkce pkce)
            throws Exception {
        var page = authorize(Map.of("response_type", "code", "client_id", clientId, "redirect_uri", redirectUri,
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
        assertThat(page.statusCode()).isEqualTo(200);
        var response = submit(server.httpUri("/dev/authorize"), page.body(), username, admin);
        assertThat(response.statusCode()).isEqualTo(302);
        return query(URI.create(response.headers().firstValue("Location").orElseThrow())).get("code");
    }

    private static HttpResponse<String> authorize(Map<String, String> parameters) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.httpUri("/dev/authorize?" + form(parameters))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Fills in the sign-in form of {@code page} and posts it, as a person in the Qt client's web view would. */
    private static HttpResponse<String> submit(URI pageUri, String page, String username, boolean admin) throws Exception {
        var fields = new LinkedHashMap<String, String>();
        var hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            fields.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
        }
        fields.put("username", username);
        if (admin) {
            fields.put("admin", "on");
        }
        assertThat(page).contains("<form method=\"post\" action=\"authorize\">");
        return HTTP.send(post(pageUri.resolve("authorize"), fields), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> exchange(String code, String clientId, String redirectUri, String verifier)
            throws Exception {
        return HTTP.send(post(server.httpUri("/dev/token"), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier)),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> refresh(String refreshToken, String clientId) throws Exception {
        return HTTP.send(post(server.httpUri("/dev/token"), Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", clientId)), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(URI uri, Map<String, String> fields) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : uri.getRawQuery().split("&")) {
            var parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static List<String> texts(JsonNode array) {
        var values = new java.util.ArrayList<String>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
