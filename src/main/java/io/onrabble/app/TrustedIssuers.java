package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TrustedIssuer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
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
        var prefixes = IssuerNamespace.prefixes(urls(config));
        var trusted = new ArrayList<TrustedIssuer>();
        for (int i = 0; i < oidc.issuers().size(); i++) {
            var issuer = oidc.issuers().get(i);
            trusted.add(new TrustedIssuer(issuer.url(), new OidcKeys(issuer.url(), issuer.jwksUrl()), issuer.audiences(),
                    issuer.clientIds(), prefixes.get(i)));
        }
        return List.copyOf(trusted);
    }

    /**
     * The prefix the first issuer's user ids carried before it kept bare {@code sub}s (when several
     * issuers were configured, every issuer's ids were prefixed); the V3 migration strips it. Empty
     * with fewer than two issuers: then no id was ever prefixed.
     */
    static String legacyPrimaryPrefix(Config config) {
        var urls = urls(config);
        return urls.size() > 1 ? IssuerNamespace.prefixFor(urls.getFirst()) : "";
    }

    private static List<String> urls(Config config) {
        return config.oidc().issuers().stream().map(Config.OidcIssuer::url).toList();
    }

    /** The development issuer signs tokens for anyone, so it must never face a network. */
    private static void requireLoopback(String host) throws UnknownHostException {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new ConfigException("ONRABBLE_HTTP_HOST=" + host + " is not a loopback address, but embedded mode's "
                    + "development issuer accepts tokens for anyone; bind to 127.0.0.1 or configure an OIDC issuer");
        }
    }
}
