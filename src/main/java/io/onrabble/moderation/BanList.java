package io.onrabble.moderation;

import io.onrabble.store.Ban;
import io.onrabble.store.BanStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The active bans, kept in memory so that the check at every connect needs no database (and a
 * database outage refuses no connection). Refreshed every {@link #REFRESH} and at once on this node
 * when an admin bans or pardons; a ban made on another node reaches this one with the kick it sends
 * (the node refreshes on it), a pardon within {@link #REFRESH}. During an outage the last list
 * stands; that takes one log line when refreshing starts to fail and one when it works again.
 */
public final class BanList {
    public static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(BanList.class);

    private final BanStore store;
    private final Clock clock;
    /** User id to the end of their longest active ban ({@link Instant#MAX}: permanent). */
    private volatile Map<String, Instant> bannedUntil = Map.of();
    private volatile boolean failing;

    private BanList(BanStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads the list (throws when the database cannot be read: start-up needs it). */
    public static BanList load(BanStore store, Clock clock) {
        var list = new BanList(store, clock);
        list.refresh();
        return list;
    }

    /** Reads the active bans again; throws when the database cannot be read. */
    public void refresh() {
        var until = new HashMap<String, Instant>();
        for (Ban ban : store.activeBans(clock.instant())) {
            until.merge(ban.banishedId(), ban.end() == null ? Instant.MAX : ban.end(),
                    (a, b) -> a.isAfter(b) ? a : b);
        }
        bannedUntil = Map.copyOf(until);
        if (failing) {
            failing = false;
            log.info("the ban list is read from the database again");
        }
    }

    /** {@link #refresh()} for timers: a failure keeps the last list and is logged once per outage. */
    public void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("the ban list could not be refreshed; connects are checked against the list read before: {}",
                        e.getMessage());
            }
        }
    }

    public boolean banned(String userId) {
        var until = bannedUntil.get(userId);
        return until != null && until.isAfter(clock.instant());
    }
}
