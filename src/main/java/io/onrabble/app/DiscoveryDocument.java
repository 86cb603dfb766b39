package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.OidcKeys;
import io.onrabble.gateway.Discovery;
import io.onrabble.store.ServerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;

/**
 * What {@code /discovery} advertises. The login endpoints are the first issuer's (read from its
 * metadata, or Keycloak's layout if the provider is not reachable yet); in embedded mode, the
 * development issuer's.
 */
final class DiscoveryDocument {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryDocument.class);

    private DiscoveryDocument() {
    }

    static Discovery of(Config config, ServerIdentity identity) {
        var publicUrl = URI.create(config.publicUrl());
        var hostAndPath = withoutScheme(config.publicUrl());
        var wsScheme = "https".equals(publicUrl.getScheme()) ? "wss" : "ws";
        var oidc = config.oidc();
        var healthUrl = oidc.healthUrl() != null ? withoutScheme(oidc.healthUrl()) : hostAndPath + "/healthz";
        var authUrl = config.publicUrl() + DevIssuer.PATH + "/authorize";
        var tokenUrl = config.publicUrl() + DevIssuer.PATH + "/token";
        if (oidc.external()) {
            var issuer = oidc.issuers().getFirst().url();
            try {
                var metadata = OidcKeys.IssuerMetadata.fetch(issuer);
                authUrl = metadata.authorizationEndpoint();
                tokenUrl = metadata.tokenEndpoint();
            } catch (IOException | RuntimeException e) {
                log.warn("could not read the metadata of {} ({}); advertising Keycloak's endpoint layout", issuer, e.getMessage());
                authUrl = issuer + "/protocol/openid-connect/auth";
                tokenUrl = issuer + "/protocol/openid-connect/token";
            }
        }
        return new Discovery(withoutScheme(authUrl), withoutScheme(tokenUrl), healthUrl,
                wsScheme + "://" + hostAndPath + "/ws", config.chatClientId(), identity.serverName(), identity.serverId(),
                config.editWindow().toSeconds());
    }

    /** The Qt client prefixes {@code https://} itself, so these URLs must not carry a scheme. */
    private static String withoutScheme(String url) {
        return url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    }
}
