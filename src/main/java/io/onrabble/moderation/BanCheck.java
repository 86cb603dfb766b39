package io.onrabble.moderation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a connecting user is banned, as the gateway asks on every connect: from the in-memory
 * {@link BanList}, so a connect costs no database read. A ban or disconnect this node hears through
 * the broker ({@link #revoked}) also reaches a connection that was being set up meanwhile: the
 * gateway asks {@link #revokedSince} once the connection is registered, from memory, instead of
 * reading the ban list a second time.
 */
public final class BanCheck {
    /** A disconnect this node heard: when, and how the connections were closed. */
    public record Revocation(long atNanos, short closeCode, String reason) {
    }

    /** Revocations older than this cannot matter to a connection still being set up. */
    private static final Duration REMEMBERED = Duration.ofMinutes(2);

    private final BanList list;
    private final ConcurrentHashMap<String, Revocation> revocations = new ConcurrentHashMap<>();

    public BanCheck(BanList list) {
        this.list = list;
    }

    public boolean banned(String userId) {
        return list.banned(userId);
    }

    /** Every connection of {@code userId} was ordered closed (a ban, an admin's disconnect). */
    public void revoked(String userId, short closeCode, String reason) {
        var now = System.nanoTime();
        revocations.put(userId, new Revocation(now, closeCode, reason));
        revocations.values().removeIf(r -> now - r.atNanos() > REMEMBERED.toNanos());
    }

    /** The revocation of {@code userId} this node heard at or after {@code sinceNanos}, if any. */
    public Optional<Revocation> revokedSince(String userId, long sinceNanos) {
        var revocation = revocations.get(userId);
        return revocation != null && revocation.atNanos() - sinceNanos >= 0 ? Optional.of(revocation) : Optional.empty();
    }

    /** Reads the ban list again (a ban made on another node); blocking, a failure keeps the last list. */
    public void refreshQuietly() {
        list.refreshQuietly();
    }
}
