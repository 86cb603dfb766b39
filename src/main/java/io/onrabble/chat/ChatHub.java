package io.onrabble.chat;

import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The hub: this node's one registry of live sessions, and the local fan-out to them. A session is
 * registered as its socket opens and stays until its departure is recorded, so shutdown waits for
 * exactly the sessions the registry holds; the admin feed, keepalive, presence and analytics all
 * read it. The hub never blocks: it hands frames to sessions, which queue them.
 */
public final class ChatHub {
    private final Metrics metrics;
    private final ConcurrentHashMap<Session, Member> members = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Member>> membersByUser = new ConcurrentHashMap<>();
    /** Members receiving every channel's messages (all but those that opened channels). */
    private final Set<Member> everyChannel = ConcurrentHashMap.newKeySet();
    /** Members that opened channels, by channel name. */
    private final ConcurrentHashMap<String, Set<Member>> byChannel = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> allFinished = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    public ChatHub(Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Registers a session whose socket just opened; frames for it are held until {@link #goLive}.
     * During shutdown the session is closed at once (it still leaves through {@link #finished}).
     */
    public void register(Session session) {
        var member = new Member(session);
        members.put(session, member);
        everyChannel.add(member);
        // compute, not computeIfAbsent + add: a concurrent removal must not drop the set this member joins
        membersByUser.compute(member.userId(), (id, set) -> {
            var updated = set == null ? ConcurrentHashMap.<Member>newKeySet() : set;
            updated.add(member);
            return updated;
        });
        if (shuttingDown) {
            session.close(CloseCode.GOING_AWAY, "server shutting down");
        }
    }

    /** Writes the session's connect sequence, then what was held for it meanwhile; see {@link Member#goLive}. */
    public void goLive(Session session, List<Frame> history, ShownHistory shown, Frame last) {
        var member = members.get(session);
        if (member != null) {
            member.goLive(history, shown, last);
        }
    }

    /** The session's socket closed: it gets no more frames and no longer counts as open. */
    public void closed(Session session) {
        var member = members.get(session);
        if (member != null) {
            member.closed();
        }
    }

    /** The session's departure is recorded: it leaves the registry. */
    public void finished(Session session) {
        var member = members.remove(session);
        if (member != null) {
            everyChannel.remove(member);
            leaveChannels(member);
            membersByUser.computeIfPresent(member.userId(), (id, set) -> {
                set.remove(member);
                return set.isEmpty() ? null : set;
            });
        }
        if (shuttingDown && members.isEmpty()) {
            allFinished.complete(null);
        }
    }

    /** This node's open sessions (connecting or live; closed ones still being recorded are left out). */
    public List<Session> sessions() {
        return members.values().stream().filter(Member::open).map(Member::session).toList();
    }

    /** Marks a session as a subscriber of {@code topic} (e.g. the admin feed) until it closes. */
    public void subscribe(Session session, String topic) {
        var member = members.get(session);
        if (member != null) {
            member.subscribe(topic);
        }
    }

    public List<Session> subscribers(String topic) {
        return members.values().stream().filter(m -> m.open() && m.subscribed(topic)).map(Member::session).toList();
    }

    /**
     * From now on the session receives live messages of {@code channels} only (a client that declared
     * channel subscriptions); the set replaces the previous one.
     */
    public void openChannels(Session session, Set<String> channels) {
        var member = members.get(session);
        if (member == null) {
            return;
        }
        synchronized (member) {
            // Into the new sets first, then out of the old ones: a message of a channel open before and
            // after is not missed while the sets change.
            channels.forEach(channel -> byChannel.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(member));
            var before = member.openChannels();
            member.openChannels(channels);
            everyChannel.remove(member);
            if (before != null) {
                before.stream().filter(c -> !channels.contains(c)).forEach(c -> leave(member, c));
            }
        }
    }

    /** Hands a public message to every open session that receives its channel. */
    public void toChannel(String channel, Frame frame, HistoryKey key) {
        fanOut(channelReaders(channel), frame, key);
    }

    /**
     * Hands a frame about {@code channel} (not a message: nothing a history holds) to the open sessions
     * that receive the channel and that {@code wants}, e.g. those that declared typing indicators.
     */
    public void toChannel(String channel, Frame frame, Predicate<Session> wants) {
        fanOut(channelReaders(channel).stream().filter(member -> wants.test(member.session())).toList(), frame,
                HistoryKey.NONE);
    }

    /** Hands a frame (nothing a history holds) to the open sessions of {@code userId} that {@code wants}. */
    public void toUser(String userId, Frame frame, Predicate<Session> wants) {
        fanOut(membersByUser.getOrDefault(userId, Set.of()).stream().filter(member -> wants.test(member.session()))
                .toList(), frame, HistoryKey.NONE);
    }

    private List<Member> channelReaders(String channel) {
        var readers = byChannel.getOrDefault(channel, Set.of());
        var targets = new ArrayList<Member>(everyChannel.size() + readers.size());
        // A member moving to its open channels sets them before it leaves everyChannel: counted once.
        for (var member : everyChannel) {
            if (member.openChannels() == null) {
                targets.add(member);
            }
        }
        for (var member : readers) {
            if (member.openChannels() != null && member.openChannels().contains(channel)) {
                targets.add(member);
            }
        }
        return targets;
    }

    /** Sessions that opened channels, for the activity counts of the others. */
    public List<Session> channelSubscribers() {
        return members.values().stream().filter(m -> m.open() && m.openChannels() != null).map(Member::session)
                .toList();
    }

    private void leaveChannels(Member member) {
        var open = member.openChannels();
        if (open != null) {
            open.forEach(channel -> leave(member, channel));
        }
    }

    private void leave(Member member, String channel) {
        byChannel.computeIfPresent(channel, (c, set) -> {
            set.remove(member);
            return set.isEmpty() ? null : set;
        });
    }

    /** Hands one frame to every open session; {@code key} says what a connect history already holds of it. */
    public void toAll(Frame frame, HistoryKey key) {
        fanOut(members.values(), frame, key);
    }

    /** Hands one frame to every open session whose client declared {@code which} at connect. */
    public void toCapable(Predicate<Capabilities> which, Frame frame, HistoryKey key) {
        fanOut(members.values().stream().filter(m -> which.test(m.session().capabilities())).toList(), frame, key);
    }

    /** Hands one frame to every open session of these users. */
    public void toUsers(Set<String> userIds, Frame frame, HistoryKey key) {
        fanOut(userIds.stream().flatMap(id -> membersByUser.getOrDefault(id, Set.of()).stream()).toList(), frame, key);
    }

    /**
     * Hands one presence interval's news to every open session: {@code batch} (null when only the
     * legacy window changed) to those that declared presence batches, the {@code legacy} frames to the
     * others, less the news of their own user (as ever: a user's sessions know they are online).
     */
    public void toPresence(List<StatusNews> legacy, Frame batch) {
        var sent = 0;
        for (var member : members.values()) {
            if (!member.open()) {
                continue;
            }
            if (member.session().capabilities().presenceBatches()) {
                if (batch != null) {
                    member.deliver(batch, HistoryKey.PRESENCE);
                    sent++;
                }
            } else {
                for (var news : legacy) {
                    if (!news.userId().equals(member.userId())) {
                        member.deliver(news.frame(), HistoryKey.PRESENCE);
                        sent++;
                    }
                }
            }
        }
        metrics.framesOut(sent);
    }

    private void fanOut(Collection<Member> targets, Frame frame, HistoryKey key) {
        var sent = 0;
        for (var member : targets) {
            if (member.open()) {
                member.deliver(frame, key);
                sent++;
            }
        }
        metrics.framesOut(sent);
    }

    /** Closes every open session of {@code userId} (e.g. a ban). */
    public void disconnect(String userId, short closeCode, String reason) {
        membersByUser.getOrDefault(userId, Set.of()).stream().filter(Member::open)
                .forEach(member -> member.session().close(closeCode, reason));
    }

    /** Pings every open session and closes the ones that stopped answering. */
    public void keepAlive(Duration timeout) {
        sessions().forEach(session -> session.keepAlive(timeout));
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** Sessions not finished yet: open, or closed with their departure still being recorded. */
    public int unfinished() {
        return members.size();
    }

    /**
     * Closes every session for good (sessions registered later are closed at once). The result
     * completes when the departure of every one of them is recorded.
     */
    public CompletableFuture<Void> closeAll(short code, String reason) {
        shuttingDown = true;
        sessions().forEach(session -> session.close(code, reason));
        if (members.isEmpty()) {
            allFinished.complete(null);
        }
        return allFinished;
    }
}
