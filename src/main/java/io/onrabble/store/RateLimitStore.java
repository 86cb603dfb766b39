package io.onrabble.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored rate limits: the global default and per-user overrides. */
public interface RateLimitStore {
    List<RateLimitRow> all();

    Optional<RateLimitRow> find(long id);

    Optional<RateLimitRow> findByOwner(String ownerId);

    /** Changes row {@code id}; false when there is no such row. */
    boolean update(long id, int messageLimit, int windowSeconds, Instant now);

    /** Creates or replaces the row of {@code ownerId}. */
    RateLimitRow put(String ownerId, int messageLimit, int windowSeconds, Instant now);

    /** Removes the row of {@code ownerId}; false when there was none. */
    boolean delete(String ownerId);
}
