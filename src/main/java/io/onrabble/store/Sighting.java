package io.onrabble.store;

import java.time.Instant;

/** A user seen connecting: the directory keeps their latest name and issuer and when they were last seen. */
public record Sighting(String id, String username, String issuer, Instant at) {
}
