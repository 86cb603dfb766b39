package io.onrabble.store;

import io.onrabble.concurrent.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collection;
import java.util.Optional;

/**
 * The user directory as the chat path uses it: the users this node saw connect or looked up are held
 * in memory (the newest {@value #MAX_USERS}), so a private message's recipient name needs no database
 * round trip, and a connect goes on while the database cannot record it. Staleness: a name is the one
 * the user last connected with to this node, or the one read when first looked up here; a rename
 * reaches other nodes when the user next connects there. A user never seen here is read from the
 * database; if that fails, they are unknown (a private message to them then carries no recipient name
 * until they connect, as for a user who never connected). Searches go to the database.
 */
public final class CachedUserStore implements UserStore {
    private static final int MAX_USERS = 100_000;
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(CachedUserStore.class);

    private final UserStore store;
    private final Map<String, UserRecord> users = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UserRecord> eldest) {
            return size() > MAX_USERS;
        }
    };
    private final Throttle warnings = new Throttle(WARNING_INTERVAL);

    public CachedUserStore(UserStore store) {
        this.store = store;
    }

    /** Remembers the user at once; a database that cannot record it is logged (once per ten seconds), not thrown. */
    @Override
    public void seen(String id, String username, String issuer, Instant now) {
        synchronized (users) {
            var known = users.get(id);
            users.put(id, new UserRecord(id, username, issuer, known == null ? now : known.firstSeen(), now));
        }
        try {
            store.seen(id, username, issuer, now);
        } catch (StoreException e) {
            warnAtMostEveryInterval("users are not recorded in the directory (they still connect): " + e.getMessage());
        }
    }

    @Override
    public void seenAll(Collection<Sighting> sightings) {
        sightings.forEach(s -> seen(s.id(), s.username(), s.issuer(), s.at()));
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public Optional<UserRecord> find(String id) {
        synchronized (users) {
            var known = users.get(id);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<UserRecord> found;
        try {
            found = store.find(id);
        } catch (StoreException e) {
            warnAtMostEveryInterval("users are looked up without the database (unknown ones have no name): " + e.getMessage());
            return Optional.empty();
        }
        found.ifPresent(user -> {
            synchronized (users) {
                users.putIfAbsent(id, user);
            }
        });
        return found;
    }

    @Override
    public Page<UserSummary> search(String prefix, Instant now, int limit, int offset) {
        return store.search(prefix, now, limit, offset);
    }

    private void warnAtMostEveryInterval(String message) {
        if (warnings.allow()) {
            log.warn(message);
        }
    }
}
