package io.onrabble.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user directory with its one write per connect taken off the connect path: sightings are kept
 * in memory (the latest per user) and written as one batch by {@link #flush}, which the server runs
 * every second and at shutdown; a reconnect storm of 10,000 users is a few batches, not 10,000
 * round trips. Reads flush first, so they see every user seen so far.
 */
public final class BufferedUserStore implements UserStore {
    private final UserStore store;
    private final ConcurrentHashMap<String, Sighting> pending = new ConcurrentHashMap<>();

    public BufferedUserStore(UserStore store) {
        this.store = store;
    }

    @Override
    public void seen(String id, String username, String issuer, Instant now) {
        pending.put(id, new Sighting(id, username, issuer, now));
    }

    @Override
    public void seenAll(Collection<Sighting> sightings) {
        sightings.forEach(s -> pending.put(s.id(), s));
    }

    /** Writes what was seen since the last flush; on failure it stays pending for the next one. Blocking. */
    @Override
    public void flush() {
        var batch = new ArrayList<Sighting>();
        for (var id : pending.keySet()) {
            var sighting = pending.remove(id);
            if (sighting != null) {
                batch.add(sighting);
            }
        }
        try {
            store.seenAll(batch);
        } catch (RuntimeException e) {
            // a newer sighting of the same user wins over the one that failed
            batch.forEach(s -> pending.putIfAbsent(s.id(), s));
            throw e;
        }
    }

    @Override
    public Optional<UserRecord> find(String id) {
        flush();
        return store.find(id);
    }

    @Override
    public Page<UserSummary> search(String prefix, Instant now, int limit, int offset) {
        flush();
        return store.search(prefix, now, limit, offset);
    }
}
