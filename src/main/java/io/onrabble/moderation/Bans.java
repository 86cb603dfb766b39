package io.onrabble.moderation;

import io.onrabble.broker.Broker;
import io.onrabble.broker.NodeEvent;
import io.onrabble.protocol.CloseCode;
import io.onrabble.store.Ban;
import io.onrabble.store.BanRecord;
import io.onrabble.store.BanStore;
import io.onrabble.store.Page;
import io.onrabble.store.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Bans and pardons. A ban closes the user's open connections at once on every node (through the
 * broker) and the handshake refuses new ones while it lasts; a temporary ban ends by itself because
 * "active" is decided by time. Blocking: call it off the event loop.
 */
public final class Bans {
    public static final int MAX_REASON_CHARS = 256;

    private final BanStore store;
    private final BanList list;
    private final UserStore users;
    private final Broker broker;
    private final Clock clock;

    public Bans(BanStore store, BanList list, UserStore users, Broker broker, Clock clock) {
        this.store = store;
        this.list = list;
        this.users = users;
        this.broker = broker;
        this.clock = clock;
    }

    /**
     * Bans {@code userId} for {@code duration}, or for good when it is null; {@code reason} may be
     * null. The user need not have connected yet: a troll's account can be banned before it joins.
     */
    public Ban ban(String adminId, String userId, String reason, Duration duration) {
        var start = clock.instant();
        var ban = store.ban(adminId, userId, reason, start, duration == null ? null : start.plus(duration));
        list.refresh(); // this node refuses the user's next connect at once; the others refresh on the kick
        broker.publish(new NodeEvent.Disconnect(userId, CloseCode.BANNED, "banned"));
        return ban;
    }

    /** Pardons the ban and any other active ban of the same user; empty when there is no such ban. */
    public Optional<Ban> pardon(long banId) {
        var pardoned = store.pardon(banId, clock.instant());
        list.refresh();
        return pardoned;
    }

    /**
     * Whether a ban of {@code userId} is in force now, from the in-memory {@link BanList}: no
     * database read, so the answer holds during an outage (the list read last stands). A ban made
     * on this node counts at once, one made on another node once its kick arrives, a pardon made
     * elsewhere within {@link BanList#REFRESH}.
     */
    public boolean isBanned(String userId) {
        return list.banned(userId);
    }

    /** Every ban, newest first, with the banned user's name from the directory (written first, so recent users are named). */
    public Page<BanRecord> list(int limit, int offset) {
        users.flush();
        return store.list(limit, offset);
    }
}
