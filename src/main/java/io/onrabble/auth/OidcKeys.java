package io.onrabble.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

/**
 * The signing keys of one OIDC issuer. The JWKS URL is configured or discovered from the issuer's
 * {@code .well-known/openid-configuration} on first use (so the server starts while the provider
 * is still down). Nimbus caches the keys, refreshes on an unknown {@code kid} (rate-limited),
 * retries once, and keeps serving cached keys through a provider outage.
 */
public final class OidcKeys implements JWKSource<SecurityContext> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 5_000;
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final Duration CACHE_TTL = Duration.ofMinutes(15);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(6);

    private final String issuer;
    private final String configuredJwksUrl;
    private final DefaultResourceRetriever retriever = new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_DOCUMENT_BYTES);
    private volatile JWKSource<SecurityContext> delegate;

    /** {@code jwksUrl} may be null: then it is discovered from the issuer's metadata. */
    public OidcKeys(String issuer, String jwksUrl) {
        this.issuer = issuer;
        this.configuredJwksUrl = jwksUrl;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return delegate().get(selector, context);
    }

    private JWKSource<SecurityContext> delegate() throws KeySourceException {
        var current = delegate;
        if (current == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = JWKSourceBuilder.create(jwksUrl(), retriever)
                            .cache(CACHE_TTL.toMillis(), REFRESH_TIMEOUT.toMillis())
                            .rateLimited(MIN_REFRESH_INTERVAL.toMillis())
                            .retrying(true)
                            .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                            .build();
                }
                current = delegate;
            }
        }
        return current;
    }

    private URL jwksUrl() throws KeySourceException {
        try {
            if (configuredJwksUrl != null) {
                return URI.create(configuredJwksUrl).toURL();
            }
            var metadata = IssuerMetadata.fetch(issuer, retriever);
            return URI.create(metadata.jwksUri()).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new KeySourceException("cannot find the keys of issuer " + issuer + ": " + e.getMessage(), e);
        }
    }

    /** The parts of an issuer's OpenID configuration the server uses. */
    public record IssuerMetadata(String jwksUri, String authorizationEndpoint, String tokenEndpoint) {

        public static IssuerMetadata fetch(String issuer, DefaultResourceRetriever retriever) throws IOException {
            var url = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration").toURL();
            var document = JSON.readTree(retriever.retrieveResource(url).getContent());
            if (!issuer.equals(document.path("issuer").asText())) {
                throw new IOException("the provider's metadata names issuer '" + document.path("issuer").asText()
                        + "', not '" + issuer + "'");
            }
            var jwksUri = document.path("jwks_uri").asText("");
            if (jwksUri.isEmpty()) {
                throw new IOException("the provider's metadata has no jwks_uri");
            }
            return new IssuerMetadata(jwksUri, document.path("authorization_endpoint").asText(""),
                    document.path("token_endpoint").asText(""));
        }

        public static IssuerMetadata fetch(String issuer) throws IOException {
            return fetch(issuer, new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_DOCUMENT_BYTES));
        }
    }
}
