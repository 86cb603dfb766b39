package io.onrabble.moderation;

import io.onrabble.store.BanStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a connecting user is banned, as the gateway asks on every connect, mostly from memory: a
 * "not banned" answer is kept for {@code ttl}, and forgotten as soon as this node hears of a ban or
 * disconnect of that user through the broker ({@link #revoked}), which every node does. "Banned" is
 * never kept, so a pardon counts at once. A disconnect heard while a connection was being set up
 * still reaches it: the gateway asks {@link #revokedSince} once the connection is registered, from
 * memory, instead of reading the ban list a second time.
 */
public final class BanCheck {
    /** A disconnect this node heard: when, and how the connections were closed. */
    public record Revocation(long atNanos, short closeCode, String reason) {
    }

    /** Revocations older than this cannot matter to a connection still being set up. */
    private static final Duration REMEMBERED = Duration.ofMinutes(2);

    private final BanStore store;
    private final Clock clock;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Long> clearedUntil = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Revocation> revocations = new ConcurrentHashMap<>();

    public BanCheck(BanStore store, Clock clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    /** Blocking on a cache miss (reads the ban list). */
    public boolean banned(String userId) {
        var asked = System.nanoTime();
        var until = clearedUntil.get(userId);
        if (until != null && until - asked > 0) {
            return false;
        }
        var banned = store.activeBan(userId, clock.instant()).isPresent();
        if (!banned) {
            clearedUntil.put(userId, asked + ttlNanos);
            // A revocation heard while the database answered must not leave a stale "not banned" behind.
            if (revokedSince(userId, asked).isPresent()) {
                clearedUntil.remove(userId);
            }
        }
        return banned;
    }

    /** Every connection of {@code userId} was ordered closed (a ban, an admin's disconnect). */
    public void revoked(String userId, short closeCode, String reason) {
        var now = System.nanoTime();
        revocations.put(userId, new Revocation(now, closeCode, reason));
        clearedUntil.remove(userId);
        revocations.values().removeIf(r -> now - r.atNanos() > REMEMBERED.toNanos());
    }

    /** The revocation of {@code userId} this node heard at or after {@code sinceNanos}, if any. */
    public Optional<Revocation> revokedSince(String userId, long sinceNanos) {
        var revocation = revocations.get(userId);
        return revocation != null && revocation.atNanos() - sinceNanos >= 0 ? Optional.of(revocation) : Optional.empty();
    }
}
