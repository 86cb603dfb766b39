package io.onrabble.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Which relational database to use: PostgreSQL when {@code url} is set, else SQLite in the data
 * directory. Credentials may be in the URL or in {@code user}/{@code password}; the separate
 * settings win, so a secret store can supply the password without touching the URL.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    /** A PostgreSQL connection as JDBC wants it, plus a form that is safe to log. */
    public record Target(String jdbcUrl, String user, String password, String redacted) {
        @Override
        public String toString() {
            return redacted;
        }
    }

    public boolean postgresql() {
        return url != null;
    }

    /**
     * Accepts {@code postgresql://user:pass@host:port/db?options} (also {@code postgres://}) and
     * {@code jdbc:postgresql://host:port/db?options}.
     */
    public Target target() {
        var text = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("is not a URL");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw invalid("must start with postgresql:// or jdbc:postgresql://");
        }
        if (uri.getHost() == null) {
            throw invalid("has no host");
        }
        String urlUser = null;
        String urlPassword = null;
        if (uri.getRawUserInfo() != null) {
            var parts = uri.getRawUserInfo().split(":", 2);
            urlUser = decode(parts[0]);
            urlPassword = parts.length > 1 ? decode(parts[1]) : null;
        }
        var hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        var path = uri.getRawPath() == null ? "" : uri.getRawPath();
        var query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Target("jdbc:postgresql://" + hostPort + path + query,
                user != null ? user : urlUser, password != null ? password : urlPassword,
                "postgresql://" + hostPort + path);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static ConfigException invalid(String why) {
        // The URL may hold a password, so it is not repeated in the message.
        return new ConfigException(Config.PREFIX + "DATABASE_URL " + why);
    }

    /** Never prints the password (records print every field by default). */
    @Override
    public String toString() {
        return "DatabaseSettings[" + (url == null ? "sqlite" : target().redacted()) + ", user=" + user
                + ", password=" + (password == null ? "unset" : "***") + ", poolSize=" + poolSize + "]";
    }
}
