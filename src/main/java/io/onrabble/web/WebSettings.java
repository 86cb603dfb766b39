package io.onrabble.web;

import java.net.URI;
import java.time.Duration;

/**
 * What the bundled web app needs to know about its server: where it is published, which issuer
 * signs the browser in (the development issuer in embedded mode), the two client ids, the admin
 * role and the admin feed's pace.
 */
public record WebSettings(String publicUrl, String issuerUrl, boolean developmentIssuer, String chatClientId,
                          String dashboardClientId, String adminRole, Duration feedInterval) {

    /** {@code scheme://host[:port]} of the public URL: the origin the app's pages are served from. */
    public String publicOrigin() {
        return origin(publicUrl);
    }

    /** The WebSocket URL of the chat endpoint under the public URL. */
    public String webSocketUrl() {
        var scheme = publicUrl.startsWith("https:") ? "wss" : "ws";
        return scheme + publicUrl.substring(publicUrl.indexOf(':')) + "/ws";
    }

    static String origin(String url) {
        var uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
