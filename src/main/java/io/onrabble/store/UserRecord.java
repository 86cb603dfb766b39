package io.onrabble.store;

import java.time.Instant;

/** A user of our own directory, learnt from token claims on connect. */
public record UserRecord(String id, String username, String issuer, Instant firstSeen, Instant lastSeen) {
}
