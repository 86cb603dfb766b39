package io.onrabble.gateway;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts WebSocket connections on this node, per user and per client address, and handshakes in
 * flight per address, and refuses past the caps of {@link EdgeLimits}. Every successful acquire is
 * paired with one release.
 */
public final class ConnectionCaps {
    /** Which cap refused a connection; its name is the metric's tag. */
    public enum Cap {
        NODE("node"), ADDRESS("address"), ADDRESS_HANDSHAKES("address_handshakes"), USER("user");

        private final String tag;

        Cap(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final EdgeLimits limits;
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> handshakesByAddress = new ConcurrentHashMap<>();

    public ConnectionCaps(EdgeLimits limits) {
        this.limits = limits;
    }

    /** A handshake from {@code address} begins; false when too many are in flight from it. */
    boolean beginHandshake(String address) {
        return acquire(handshakesByAddress, address, limits.maxHandshakesPerAddress());
    }

    void endHandshake(String address) {
        release(handshakesByAddress, address);
    }

    /** Takes a place on the node and for {@code address}; the cap that refused, or empty. */
    Optional<Cap> admitAddress(String address) {
        if (!acquireNode()) {
            return Optional.of(Cap.NODE);
        }
        if (!acquire(byAddress, address, limits.maxConnectionsPerAddress())) {
            connections.decrementAndGet();
            return Optional.of(Cap.ADDRESS);
        }
        return Optional.empty();
    }

    void releaseAddress(String address) {
        release(byAddress, address);
        connections.decrementAndGet();
    }

    /** Takes a place for {@code userId}; false when the user has the most connections allowed. */
    boolean admitUser(String userId) {
        return acquire(byUser, userId, limits.maxConnectionsPerUser());
    }

    void releaseUser(String userId) {
        release(byUser, userId);
    }

    /** True while the node holds its most connections: new users should go to another node. */
    public boolean full() {
        return connections.get() >= limits.maxConnections();
    }

    private boolean acquireNode() {
        while (true) {
            var current = connections.get();
            if (current >= limits.maxConnections()) {
                return false;
            }
            if (connections.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private static boolean acquire(ConcurrentHashMap<String, Integer> counts, String key, int max) {
        var acquired = new boolean[1];
        counts.compute(key, (k, count) -> {
            var current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    private static void release(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
