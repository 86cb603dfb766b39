package io.onrabble.bench;

import java.net.URI;
import java.time.Duration;

/**
 * What one bench run does, checked up front so that a mistake is one clear message before any
 * connection is opened. {@code sweep} is null for a single rate; {@code connectOnly} opens the
 * connections, reports and holds them {@code hold} long.
 */
record BenchPlan(URI url, String query, int subscribers, int publishers, int concurrency, double rate,
                 Duration duration, Duration warmup, String channel, Sweep sweep, boolean connectOnly,
                 Duration hold, int eventLoops, Duration connectTimeout, Criteria criteria) {

    BenchPlan {
        if (url == null || url.getHost() == null || !(url.getScheme().equals("ws") || url.getScheme().equals("wss"))) {
            throw new IllegalArgumentException("--url must be a ws:// or wss:// URL with a host, e.g. ws://127.0.0.1:8080/ws");
        }
        if (subscribers < 0 || publishers < 0) {
            throw new IllegalArgumentException("--subscribers and --publishers cannot be negative");
        }
        if (subscribers + publishers == 0) {
            throw new IllegalArgumentException("nothing to connect: --subscribers and --publishers are both 0");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("--event-loops must be at least 1");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("--connect-timeout must be positive");
        }
        if (connectOnly) {
            if (sweep != null) {
                throw new IllegalArgumentException("--connect-only and --sweep exclude each other");
            }
        } else {
            if (subscribers < 1 || publishers < 1) {
                throw new IllegalArgumentException("a message run needs at least one subscriber and one publisher "
                        + "(or --connect-only)");
            }
            if (rate <= 0) {
                throw new IllegalArgumentException("--rate must be positive (messages a second across all publishers)");
            }
            double highest = sweep == null ? rate : sweep.max();
            if (highest / publishers > RateLimits.MAX_PER_SECOND) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "%.0f msg/s over %d publishers is more than the server lets one user send (%d/s); "
                                + "use at least %d --publishers", highest, publishers, RateLimits.MAX_PER_SECOND,
                        (long) Math.ceil(highest / RateLimits.MAX_PER_SECOND)));
            }
            if (duration.toMillis() < 1000) {
                throw new IllegalArgumentException("--duration must be at least 1s");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("--warmup cannot be negative");
            }
            if (channel.isBlank()) {
                throw new IllegalArgumentException("--channel cannot be blank");
            }
        }
        if (hold.isNegative()) {
            throw new IllegalArgumentException("--hold cannot be negative");
        }
    }

    int connections() {
        return subscribers + publishers;
    }
}
