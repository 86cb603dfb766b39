package io.onrabble.store;

import java.time.Instant;

/** One WebSocket connection's lifetime, recorded when it ends. */
public record ChatSession(String ownerId, String clientId, Instant start, Instant end) {
}
