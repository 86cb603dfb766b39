package io.onrabble.store;

import java.time.Instant;
import java.util.Optional;

/** Our user directory (the original read Keycloak's internal tables; we do not). */
public interface UserStore {
    /** Records that a user was seen now, inserting or refreshing their username. */
    void seen(String id, String username, String issuer, Instant now);

    Optional<UserRecord> find(String id);

    /** Users whose username starts with {@code prefix}, ignoring case ("" lists everyone), by username. */
    Page<UserSummary> search(String prefix, Instant now, int limit, int offset);
}
