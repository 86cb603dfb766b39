package io.onrabble.gateway;

import java.time.Duration;

/**
 * The bounds of the WebSocket edge: largest inbound frame (larger ones get a {@code too_large} error;
 * a single frame beyond {@link #hardFrameBytes()} drops the connection unread), bytes queued for one client
 * before it counts as a slow consumer, keepalive timings, and inbound frames one client may have
 * waiting before the server stops reading its socket, and sends of one client being committed at
 * once (answered in order; when that many are pending, its frames wait among the {@code maxInFlight}).
 */
public record GatewayLimits(int maxFrameBytes, int outboundQueueBytes, Duration pingInterval, Duration pingTimeout,
                            int maxInFlight, int maxPendingSends) {

    /**
     * The largest single frame the WebSocket decoder reads at all (1 MiB by default): well above the
     * limit, so that clients which send a large message as one frame still get a clear error.
     */
    public int hardFrameBytes() {
        return (int) Math.min(Integer.MAX_VALUE, maxFrameBytes * 16L);
    }
}
