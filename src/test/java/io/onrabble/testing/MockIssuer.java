package io.onrabble.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A minimal OpenID provider on loopback (metadata and JWKS over HTTP) with keys the test controls:
 * it signs tokens, rotates keys and can go offline.
 */
public final class MockIssuer implements AutoCloseable {
    private final HttpServer http;
    private final String issuer;
    private final List<RSAKey> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile boolean online = true;

    public MockIssuer(String realm) throws IOException, JOSEException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + http.getAddress().getPort() + "/realms/" + realm;
        keys.add(newKey());
        var base = "/realms/" + realm;
        http.createContext(base + "/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\","
                        + "\"authorization_endpoint\":\"" + issuer + "/protocol/openid-connect/auth\","
                        + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\"}"));
        http.createContext(base + "/certs", exchange -> {
            jwksFetches.incrementAndGet();
            respond(exchange, new JWKSet(new ArrayList<>(keys.stream().map(RSAKey::toPublicJWK).toList())).toString());
        });
        http.start();
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    private void respond(HttpExchange exchange, String body) throws IOException {
        if (!online) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    public String issuer() {
        return issuer;
    }

    public RSAKey currentKey() {
        return keys.getLast();
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** Publishes a new key and signs from now on with it. */
    public void rotate() throws JOSEException {
        keys.add(newKey());
    }

    public void online(boolean up) {
        online = up;
    }

    /** Claims as Keycloak puts them in an access token for {@code username} of client ChatClient. */
    public JWTClaimsSet.Builder claims(String username) {
        var now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", username)
                .claim("azp", "ChatClient")
                .claim("typ", "Bearer")
                .audience("account")
                .claim("realm_access", Map.of("roles", List.of("offline_access")))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    public String token(String username) {
        return sign(claims(username).build());
    }

    public String token(String username, Consumer<JWTClaimsSet.Builder> change) {
        var builder = claims(username);
        change.accept(builder);
        return sign(builder.build());
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, currentKey());
    }

    public static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
