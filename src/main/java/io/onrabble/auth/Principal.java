package io.onrabble.auth;

import java.time.Instant;
import java.util.Set;

/** Who a verified token speaks for. {@code userId} is the token subject (namespaced when several issuers are trusted). */
public record Principal(String userId, String username, String issuer, String clientId, Set<String> roles,
                        Instant expiresAt) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
