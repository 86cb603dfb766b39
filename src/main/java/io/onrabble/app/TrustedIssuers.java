package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TrustedIssuer;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Whose tokens the server accepts: the configured OIDC issuers, or else the development issuer. */
final class TrustedIssuers {
    private TrustedIssuers() {
    }

    /** The development issuer, when no external one is configured ({@link Config#validate()} made sure it listens on loopback only). */
    static Optional<DevIssuer> devIssuer(Config config) throws IOException {
        if (config.oidc().external()) {
            return Optional.empty();
        }
        return Optional.of(DevIssuer.loadOrCreate(config.dataDir(), config.publicUrl()));
    }

    static List<TrustedIssuer> of(Config config, Optional<DevIssuer> devIssuer) {
        var oidc = config.oidc();
        if (devIssuer.isPresent()) {
            return List.of(devIssuer.get().trusted());
        }
        var namespaced = oidc.issuers().size() > 1;
        return oidc.issuers().stream().map(issuer -> new TrustedIssuer(issuer.url(),
                new OidcKeys(issuer.url(), issuer.jwksUrl()), issuer.audiences(), issuer.clientIds(),
                namespaced ? IssuerNamespace.prefixFor(issuer.url()) : "")).toList();
    }
}
