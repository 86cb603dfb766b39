package io.onrabble.gateway;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one client may take of a node before the WebSocket opens: connections on the node, per user
 * and per client address, handshakes in flight per address; the deadlines of the request head and
 * of the handshake (token and ban check); control frames per second on an open connection; and
 * whether permessage-deflate is offered (off: a compressed frame inflates before any size limit
 * applies, so a small bomb could fill the heap).
 */
public record EdgeLimits(int maxConnections, int maxConnectionsPerUser, int maxConnectionsPerAddress,
                         int maxHandshakesPerAddress, Duration requestHeadTimeout, Duration handshakeTimeout,
                         int controlFramesPerSecond, boolean compression) {

    /**
     * The default node-wide cap: three quarters of the process's file-descriptor limit, leaving the
     * rest for HTTP calls (health, admin), the database, Valkey and files; 10 000 where the limit is
     * unknown.
     */
    public static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount() * 3 / 4));
        }
        return 10_000;
    }
}
