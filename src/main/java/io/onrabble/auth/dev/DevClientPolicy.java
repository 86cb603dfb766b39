package io.onrabble.auth.dev;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which clients may sign in at the development issuer, where it may send their browser back to, and
 * which browser origins may call its token endpoint: the configured chat and dashboard clients only;
 * redirect URIs on loopback over http (native apps such as the Qt client, local dev servers) or below
 * the server's public URL (the bundled web app). Nothing else, so a sign-in page can never be used to
 * bounce a browser, with a code, to a foreign site.
 */
final class DevClientPolicy {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final Set<String> clientIds;
    private final URI publicUrl;

    DevClientPolicy(Set<String> clientIds, String publicUrl) {
        this.clientIds = Set.copyOf(clientIds);
        this.publicUrl = URI.create(publicUrl);
    }

    boolean knownClient(String clientId) {
        return clientId != null && clientIds.contains(clientId);
    }

    /** The redirect URI if it is allowed; empty for anything malformed or foreign. */
    Optional<URI> redirectTarget(String redirectUri) {
        if (redirectUri == null || redirectUri.length() > 2048) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || !uri.normalize().getRawPath().equals(uri.getRawPath())) {
            return Optional.empty();
        }
        var loopback = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
        return loopback || isBelowPublicUrl(uri) ? Optional.of(uri) : Optional.empty();
    }

    /** True for the server's own origin and loopback origins: the browsers that may use the token endpoint. */
    boolean allowedOrigin(String origin) {
        try {
            var uri = new URI(origin);
            if (uri.getHost() == null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                return false;
            }
            return sameOrigin(uri, publicUrl)
                    || ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code scheme://host:port} of an allowed redirect URI, for the sign-in page's {@code form-action}. */
    static String originOf(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private boolean isBelowPublicUrl(URI uri) {
        if (!sameOrigin(uri, publicUrl)) {
            return false;
        }
        var base = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath().replaceAll("/+$", "");
        var path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.equals(base) || path.startsWith(base + "/");
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isLoopback(String host) {
        var name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("[::1]") || IPV4_LOOPBACK.matcher(name).matches();
    }
}
