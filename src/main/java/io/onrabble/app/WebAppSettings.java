package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import io.onrabble.web.WebSettings;

import java.util.ArrayList;
import java.util.List;

/** What the bundled web app is told by the configuration, and what it needs from the admin API's CORS rule. */
final class WebAppSettings {
    private WebAppSettings() {
    }

    /** The web app signs in with the first configured issuer, or with the development issuer under the public URL. */
    static WebSettings of(Config config) {
        var oidc = config.oidc();
        return new WebSettings(config.publicUrl(),
                oidc.external() ? oidc.issuers().getFirst().url() : config.publicUrl() + DevIssuer.PATH, !oidc.external(),
                config.chatClientId(), config.dashboardClientId(), config.admin().role(), config.admin().feedInterval());
    }

    /** The configured origins plus the server's own: the bundled dashboard calls the admin API from there. */
    static List<String> corsOrigins(Config config, WebSettings web) {
        var origins = new ArrayList<>(config.admin().corsOrigins());
        origins.add(web.publicOrigin());
        return List.copyOf(origins);
    }
}
