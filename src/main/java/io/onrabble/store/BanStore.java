package io.onrabble.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Bans; a user is banned while any of their bans is active. */
public interface BanStore {
    /** The active ban that lasts longest, if any. */
    Optional<Ban> activeBan(String userId, Instant now);

    /** Every ban active at {@code now}, of every user (few: a node keeps them in memory). */
    List<Ban> activeBans(Instant now);

    /** Records a ban; {@code end} null makes it permanent. */
    Ban ban(String ownerId, String banishedId, String reason, Instant start, Instant end);

    /**
     * Pardons ban {@code banId} and every other ban of the same user still active at {@code now}, so the
     * user is free afterwards; returns the ban asked for, or empty when there is no such ban.
     */
    Optional<Ban> pardon(long banId, Instant now);

    /** Every ban, newest first. */
    Page<BanRecord> list(int limit, int offset);
}
