package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TrustedIssuer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Whose tokens the server accepts: the configured OIDC issuers, or else the development issuer. */
final class TrustedIssuers {
    private TrustedIssuers() {
    }

    /** The development issuer, when no external one is configured; refused on a non-loopback address. */
    static Optional<DevIssuer> devIssuer(Config config) throws IOException {
        if (config.oidc().external()) {
            return Optional.empty();
        }
        requireLoopback(config.httpHost());
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

    /** The development issuer signs tokens for anyone, so it must never face a network. */
    private static void requireLoopback(String host) throws UnknownHostException {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new ConfigException("ONRABBLE_HTTP_HOST=" + host + " is not a loopback address, but embedded mode's "
                    + "development issuer accepts tokens for anyone; bind to 127.0.0.1 or configure an OIDC issuer");
        }
    }
}
