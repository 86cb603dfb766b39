package io.onrabble.gateway;

import java.time.Duration;

/**
 * The bounds of the WebSocket edge: largest inbound frame (larger ones get a {@code too_large} error;
 * beyond {@link #hardFrameBytes()} the connection is dropped unread), bytes queued for one client
 * before it counts as a slow consumer, keepalive timings, and inbound frames one client may have
 * waiting before the server stops reading its socket.
 */
public record GatewayLimits(int maxFrameBytes, int outboundQueueBytes, Duration pingInterval, Duration pingTimeout,
                            int maxInFlight) {

    /** What the WebSocket decoder accepts at all; a little above the limit so that excess gets a clear error. */
    public int hardFrameBytes() {
        return maxFrameBytes * 4;
    }
}
