package io.onrabble.app;

import io.lettuce.core.RedisURI;

/**
 * Which cache, queue and rate limiter to use: Valkey when {@code url} ({@code redis://} or
 * {@code rediss://}) is set, else in-process. Every key starts with {@code keyPrefix}, so several
 * servers (or tests) can share one Valkey. {@code durability} says what an ack waits for.
 */
public record ValkeySettings(String url, String keyPrefix, Durability durability) {

    public boolean enabled() {
        return url != null;
    }

    public RedisURI uri() {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException(Config.PREFIX + "VALKEY_URL must start with redis:// or rediss://");
        }
        try {
            return RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Config.PREFIX + "VALKEY_URL is not a valid Valkey URL");
        }
    }

    /** Host, port and database only: the URL may carry a password. */
    public String redacted() {
        var uri = uri();
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @Override
    public String toString() {
        return "ValkeySettings[" + (url == null ? "in-process" : redacted()) + ", keyPrefix=" + keyPrefix + ", durability=" + durability.wire() + "]";
    }
}
