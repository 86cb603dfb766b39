package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.auth.OidcKeys;
import io.onrabble.auth.TrustedIssuer;
import io.onrabble.store.ServerIdentityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whose tokens the server accepts: the configured OIDC issuers, or else the development issuer. */
final class TrustedIssuers {
    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

    private TrustedIssuers() {
    }

    /** The development issuer, when no external one is configured ({@link Config#validate()} made sure it is on loopback). */
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
     * Keeps user ids stable: the first configured issuer's users have bare ids, so it must stay first.
     * Records it on first start; refuses to start when the recorded one is still configured but no
     * longer first (that would change every id). A recorded issuer that is gone altogether was
     * replaced: the new first one takes its place.
     */
    static void requireStablePrimary(Config config, ServerIdentityStore identity) {
        var urls = urls(config);
        if (urls.isEmpty()) {
            return;
        }
        var first = urls.getFirst();
        var recorded = identity.primaryIssuer();
        if (recorded.isPresent() && !recorded.get().equals(first) && urls.contains(recorded.get())) {
            throw new ConfigException(Config.PREFIX + "OIDC_ISSUERS lists " + first + " first, but user ids were given with "
                    + recorded.get() + " first (its users' ids are their bare sub); put " + recorded.get()
                    + " first again, or every user's id would change");
        }
        if (recorded.isEmpty() || !recorded.get().equals(first)) {
            if (recorded.isPresent()) {
                log.warn("the first issuer was {}, which is no longer configured; {} takes its place", recorded.get(), first);
            }
            identity.recordPrimaryIssuer(first);
        }
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
}
