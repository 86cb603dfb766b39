package io.onrabble.gateway;

import java.time.Duration;

/**
 * The bounds of the WebSocket edge: largest inbound frame, bytes queued for one client before it
 * counts as a slow consumer, keepalive timings, and inbound frames one client may have in flight.
 */
public record GatewayLimits(int maxFrameBytes, int outboundQueueBytes, Duration pingInterval, Duration pingTimeout,
                            int maxInFlight) {
}
