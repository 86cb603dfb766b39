package io.onrabble.store;

import java.time.Instant;
import java.util.Optional;

/** Bans; a user is banned while any of their bans is active. */
public interface BanStore {
    /** The active ban that lasts longest, if any. */
    Optional<Ban> activeBan(String userId, Instant now);
}
