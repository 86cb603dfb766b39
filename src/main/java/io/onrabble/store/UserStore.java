package io.onrabble.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** Our user directory (the original read Keycloak's internal tables; we do not). */
public interface UserStore {
    /** Records that a user was seen now, inserting or refreshing their username. */
    void seen(String id, String username, String issuer, Instant now);

    /** Records many sightings at once (one batch); a user seen twice keeps the later one. */
    void seenAll(Collection<Sighting> sightings);

    /** Writes the sightings still buffered, so SQL joining the users table sees them; nothing to do when none are. */
    default void flush() {
    }

    Optional<UserRecord> find(String id);

    /** Users whose username starts with {@code prefix}, ignoring case ("" lists everyone), by username. */
    Page<UserSummary> search(String prefix, Instant now, int limit, int offset);
}
