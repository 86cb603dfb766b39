package io.onrabble.auth;

import java.time.Instant;

/** A development sign-in: who, with which role, for which client, and until when it may be refreshed. */
public record DevGrant(String username, boolean admin, String clientId, Instant sessionEnd) {
}
