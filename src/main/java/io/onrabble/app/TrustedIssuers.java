package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TrustedIssuer;

import java.io.IOException;
import java.util.List;

/** Whose tokens the server accepts: the configured OIDC issuers, or else the development issuer. */
final class TrustedIssuers {
    private TrustedIssuers() {
    }

    static List<TrustedIssuer> of(Config config) throws IOException {
        var oidc = config.oidc();
        if (!oidc.external()) {
            // Config.validate() made sure it listens on loopback only.
            return List.of(DevIssuer.loadOrCreate(config.dataDir()).trusted());
        }
        var namespaced = oidc.issuers().size() > 1;
        return oidc.issuers().stream().map(issuer -> new TrustedIssuer(issuer.url(),
                new OidcKeys(issuer.url(), issuer.jwksUrl()), issuer.audiences(), issuer.clientIds(),
                namespaced ? IssuerNamespace.prefixFor(issuer.url()) : "")).toList();
    }
}
