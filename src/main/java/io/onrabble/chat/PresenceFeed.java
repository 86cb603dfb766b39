package io.onrabble.chat;

import io.onrabble.broker.Presence;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.protocol.ServerMessage.PresenceList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Who is online, as this node's sessions are told it: changes are coalesced and sent once per
 * presence interval ({@link #flush}), so a user who leaves and comes back within one interval is
 * no news at all, and a joining session is handed a snapshot encoded once per interval, not per
 * connect.
 *
 * <p>Sessions that declared presence batches get one {@code presence} frame per interval with every
 * change, a first page on connect and further pages on request. The others (existing clients) get
 * {@code connected_users} and {@code user_status} as before, for a window of at most
 * {@code legacyLimit} online users: up to that many it is everyone; beyond it, the window keeps the
 * users it shows until they go offline and fills freed places with other online users, so a legacy
 * client never shows more than the limit, nor anyone offline for longer than an interval.
 *
 * <p>Each interval compares the node's view with {@link Presence#online()} (the truth on every node)
 * when a presence event said something changed, so a missed or reordered event cannot leave a user
 * shown online for good. Snapshots, pages and changes are written under one lock, so what a session
 * reads is followed by exactly the later changes.
 */
public final class PresenceFeed {
    private final Presence presence;
    private final ChatHub hub;
    private final Codec codec;
    private final int legacyLimit;
    private final int pageSize;
    private final Executor immediate;
    private final Object lock = new Object();
    /** Everyone online as this node last told its sessions, by id. */
    private final TreeMap<String, UserStatus> online = new TreeMap<>();
    /** The users legacy clients are shown, in the order they entered the window. */
    private final LinkedHashMap<String, UserStatus> window = new LinkedHashMap<>();
    private volatile boolean dirty = true;
    private Frame legacySnapshot;
    private Frame batchSnapshot;

    /**
     * With a zero {@code settings.interval()} nothing is coalesced: each presence event is sent at
     * once, as before batching, on {@code immediate} (it reads presence, so it must be allowed to block).
     */
    public PresenceFeed(Presence presence, ChatHub hub, Codec codec, PresenceSettings settings, Executor immediate) {
        this.presence = presence;
        this.hub = hub;
        this.codec = codec;
        this.legacyLimit = settings.legacyLimit();
        this.pageSize = settings.pageSize();
        this.immediate = settings.interval().isZero() ? immediate : null;
        synchronized (lock) {
            encodeSnapshots();
        }
    }

    /** A presence event arrived: the next interval compares the view with the truth (at once without intervals). */
    public void changed() {
        dirty = true;
        if (immediate != null) {
            immediate.execute(this::flush);
        }
    }

    /** One presence interval: sends what changed since the last, if anything. Blocking (reads presence). */
    public void flush() {
        if (!dirty) {
            return;
        }
        // Read under the lock, after clearing the flag: a change made after the read sets it again, and
        // an older read is never applied after a newer one.
        synchronized (lock) {
            dirty = false;
            apply(presence.online());
        }
    }

    /**
     * Writes a joining session's connect sequence with the presence snapshot last: a legacy client's
     * {@code connected_users} lists the window and the session's own user; a batch client's first page.
     */
    void goLive(Session session, List<Frame> history, ShownHistory shown, UserStatus self) {
        Frame base;
        synchronized (lock) {
            if (session.capabilities().presenceBatches() || self == null || window.containsKey(self.id())) {
                hub.goLive(session, history, shown, session.capabilities().presenceBatches() ? batchSnapshot : legacySnapshot);
                return;
            }
            base = legacySnapshot;
        }
        // The splice copies the whole list: made outside the lock that every joiner and each interval
        // take, and used if its snapshot is still the current one (an interval that changes the window
        // replaces the snapshot object), else made again under the lock.
        var spliced = codec.withUser(base, self);
        synchronized (lock) {
            var last = window.containsKey(self.id()) ? legacySnapshot
                    : legacySnapshot == base ? spliced
                    : codec.withUser(legacySnapshot, self);
            hub.goLive(session, history, shown, last);
        }
    }

    /** Answers {@code get_presence}: the status of {@code ids}, or the page of online users after {@code after}. */
    public void page(Session session, List<String> ids, String after, Integer limit, String nonce) {
        synchronized (lock) {
            session.send(codec.frame(ids != null ? byIds(ids, nonce) : pageAfter(after, limit, nonce)));
        }
    }

    private PresenceList byIds(List<String> ids, String nonce) {
        var found = new ArrayList<UserStatus>();
        var missing = new ArrayList<String>();
        for (var id : ids) {
            var user = online.get(id);
            if (user != null) {
                found.add(user);
            } else {
                missing.add(id);
            }
        }
        return new PresenceList(PresenceList.Kind.PAGE, online.size(), found, missing, null, nonce);
    }

    private PresenceList pageAfter(String after, Integer limit, String nonce) {
        var size = limit == null ? pageSize : Math.max(1, Math.min(limit, pageSize));
        var tail = after == null ? online : online.tailMap(after, false);
        var page = tail.values().stream().limit(size + 1L).toList();
        var more = page.size() > size;
        var shown = more ? page.subList(0, size) : page;
        return new PresenceList(PresenceList.Kind.PAGE, online.size(), shown, List.of(),
                more ? shown.getLast().id() : null, nonce);
    }

    private void apply(List<UserStatus> truth) {
        var now = new HashMap<String, UserStatus>(truth.size() * 2);
        truth.forEach(user -> now.put(user.id(), user));
        var left = new ArrayList<UserStatus>();
        var came = new ArrayList<UserStatus>();
        for (var user : online.values()) {
            if (!now.containsKey(user.id())) {
                left.add(user);
            }
        }
        for (var user : now.values()) {
            if (!online.containsKey(user.id())) {
                came.add(user);
            }
        }
        if (left.isEmpty() && came.isEmpty()) {
            return;
        }
        left.forEach(user -> online.remove(user.id()));
        came.forEach(user -> online.put(user.id(), user));
        var legacy = moveWindow(left, came);
        var batch = codec.frame(new PresenceList(PresenceList.Kind.CHANGES, online.size(), came,
                left.stream().map(UserStatus::id).toList(), null, null));
        encodeSnapshots();
        hub.toPresence(legacy, batch);
    }

    /** Updates the legacy window and returns its changes as {@code user_status} frames. */
    private List<StatusNews> moveWindow(List<UserStatus> left, List<UserStatus> came) {
        var frames = new ArrayList<StatusNews>();
        for (var user : left) {
            if (window.remove(user.id()) != null) {
                frames.add(status(user, false));
            }
        }
        for (var user : came) {
            if (window.size() >= legacyLimit) {
                break;
            }
            window.put(user.id(), user);
            frames.add(status(user, true));
        }
        // Places freed by departures go to users already online but outside the window.
        if (window.size() < legacyLimit && window.size() < online.size()) {
            for (var user : online.values()) {
                if (window.size() >= legacyLimit) {
                    break;
                }
                if (window.putIfAbsent(user.id(), user) == null) {
                    frames.add(status(user, true));
                }
            }
        }
        return frames;
    }

    private StatusNews status(UserStatus user, boolean status) {
        return new StatusNews(user.id(),
                codec.frame(new ServerMessage.Presence(new UserStatus(user.username(), user.id(), status))));
    }

    private void encodeSnapshots() {
        legacySnapshot = codec.frame(new ServerMessage.ConnectedUsers(List.copyOf(window.values())));
        var first = pageAfter(null, pageSize, null);
        batchSnapshot = codec.frame(new PresenceList(PresenceList.Kind.SNAPSHOT, first.onlineCount(), first.online(),
                List.of(), first.next(), null));
    }
}
