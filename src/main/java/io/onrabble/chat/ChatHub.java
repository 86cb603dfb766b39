package io.onrabble.chat;

import io.onrabble.broker.Broker;
import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.broker.Delivery;
import io.onrabble.broker.LocalConnection;
import io.onrabble.broker.Presence;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.domain.UserStatus;
import io.onrabble.journal.JournalUnavailableException;
import io.onrabble.journal.MessageJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.ratelimit.RateLimiter;
import io.onrabble.store.ChatSession;
import io.onrabble.store.SessionStore;
import io.onrabble.store.UserRecord;
import io.onrabble.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The hub: registers sessions, runs the connect sequence, accepts messages (rate limit, durable
 * append, fan-out, ack) and keeps presence per user. Its methods block; the gateway calls them
 * off the event loop, one at a time per session.
 */
public final class ChatHub {
    private static final Logger log = LoggerFactory.getLogger(ChatHub.class);

    private final ChannelDirectory channels;
    private final MessageJournal journal;
    private final UserStore users;
    private final SessionStore sessions;
    private final Broker broker;
    private final Presence presence;
    private final RateLimiter rateLimiter;
    private final Codec codec;
    private final Metrics metrics;
    private final String dashboardClientId;
    private final Clock clock;
    private static final long STORE_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ConcurrentHashMap<String, Set<Member>> membersByUser = new ConcurrentHashMap<>();
    private final AtomicLong lastStoreWarning = new AtomicLong(System.nanoTime() - STORE_WARNING_INTERVAL_NANOS);

    public ChatHub(ChannelDirectory channels, MessageJournal journal, UserStore users, SessionStore sessions,
                   Broker broker, Presence presence, RateLimiter rateLimiter, Codec codec, Metrics metrics,
                   String dashboardClientId, Clock clock) {
        this.channels = channels;
        this.journal = journal;
        this.users = users;
        this.sessions = sessions;
        this.broker = broker;
        this.presence = presence;
        this.rateLimiter = rateLimiter;
        this.codec = codec;
        this.metrics = metrics;
        this.dashboardClientId = dashboardClientId;
        this.clock = clock;
    }

    /** Registers the session and writes the connect sequence of the protocol. */
    public void join(Session session) {
        var principal = session.principal();
        users.seen(principal.userId(), principal.username(), principal.issuer(), clock.instant());
        var member = new Member(session);
        // compute, not computeIfAbsent + add: a concurrent leave must not drop the set this member joins
        membersByUser.compute(principal.userId(), (id, members) -> {
            var set = members == null ? ConcurrentHashMap.<Member>newKeySet() : members;
            set.add(member);
            return set;
        });
        if (countsAsPresence(session) && presence.join(statusOf(session, true), session.id())) {
            broker.publish(new Delivery.ToAll(new ServerMessage.Presence(statusOf(session, true))));
        }
        var recent = journal.recentPublic();
        var directMessages = journal.recentPrivate(principal.userId()).stream()
                .map(dm -> withRecipientName(dm, principal.userId(), principal.username())).toList();
        var history = new ArrayList<Frame>(3);
        if (!recent.isEmpty()) {
            history.add(codec.frame(new ServerMessage.BulkChatMessages(recent)));
        }
        history.add(codec.frame(new ServerMessage.ActiveChannels(channels.all())));
        if (!directMessages.isEmpty()) {
            history.add(codec.frame(new ServerMessage.BulkPrivateMessages(directMessages)));
        }
        var historyMessages = new HashSet<Object>(recent);
        historyMessages.addAll(directMessages);
        member.goLive(history, historyMessages, codec.frame(new ServerMessage.ConnectedUsers(presence.online())));
        metrics.framesOut(history.size() + 1);
    }

    /** Unregisters the session, announces the user offline if it was their last chat connection, records the session. */
    public void leave(Session session) {
        var principal = session.principal();
        membersByUser.computeIfPresent(principal.userId(), (id, members) -> {
            members.removeIf(m -> m.session() == session);
            return members.isEmpty() ? null : members;
        });
        if (countsAsPresence(session) && presence.leave(principal.userId(), session.id())) {
            broker.publish(new Delivery.ToAll(new ServerMessage.Presence(statusOf(session, false))));
        }
        try {
            sessions.record(new ChatSession(principal.userId(), principal.clientId(), session.connectedAt(), clock.instant()));
        } catch (RuntimeException e) {
            log.warn("could not record the session of user {}: {}", principal.userId(), e.getMessage());
        }
    }

    /** Handles one inbound message; refusals throw {@link ProtocolException}. */
    public void handle(Session session, ClientMessage.Send message) {
        switch (message) {
            case ClientMessage.SendChat chat -> sendChat(session, chat);
            case ClientMessage.SendPrivate dm -> sendPrivate(session, dm);
        }
    }

    private void sendChat(Session session, ClientMessage.SendChat send) {
        var channel = channels.byName(send.channel()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_CHANNEL, "there is no channel named '" + send.channel() + "'", send.nonce()));
        var principal = session.principal();
        checkRateLimit(principal.userId(), send.nonce());
        var draft = new ChatMessage(0, principal.userId(), principal.username(), channel.id(), channel.name(),
                send.message(), Timestamps.truncate(clock.instant()));
        var stored = store(() -> journal.appendPublic(draft), send.nonce());
        metrics.publicMessageIn();
        broadcast(new Delivery.ToAll(new ServerMessage.Chat(stored)), send.nonce());
        acknowledge(session, send.nonce(), stored.id());
    }

    private void sendPrivate(Session session, ClientMessage.SendPrivate send) {
        // The recipient may never have connected yet (their id came from elsewhere): the message waits
        // for their first connect, and their name is filled in then (see withRecipientName).
        var recipientName = users.find(send.recipientId()).map(UserRecord::username).orElse("");
        var principal = session.principal();
        checkRateLimit(principal.userId(), send.nonce());
        var draft = new PrivateMessage(0, principal.userId(), principal.username(), send.recipientId(),
                recipientName, send.message(), Timestamps.truncate(clock.instant()));
        var stored = store(() -> journal.appendPrivate(draft), send.nonce());
        metrics.privateMessageIn();
        broadcast(new Delivery.ToUsers(Set.of(stored.ownerId(), stored.recipientId()), new ServerMessage.Private(stored)),
                send.nonce());
        acknowledge(session, send.nonce(), stored.id());
    }

    private void checkRateLimit(String userId, String nonce) {
        if (rateLimiter.tryAcquire(userId) instanceof RateLimiter.Limited limited) {
            throw ProtocolException.rateLimited(limited.retryAfterMs(), nonce);
        }
    }

    private <T> T store(Supplier<T> append, String nonce) {
        try {
            return append.get();
        } catch (JournalUnavailableException e) {
            warnAtMostEvery10s(e.getMessage());
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the message could not be stored; try again", nonce);
        }
    }

    /** During an outage every send fails: one line per ten seconds says so (the metric counts them all). */
    private void warnAtMostEvery10s(String reason) {
        var now = System.nanoTime();
        var last = lastStoreWarning.get();
        if (now - last >= STORE_WARNING_INTERVAL_NANOS && lastStoreWarning.compareAndSet(last, now)) {
            log.warn("messages are not being stored (each one counts as a rejection for reason 'unavailable'): {}", reason);
        }
    }

    /**
     * The message is durable by now, but with Valkey away nobody saw it live: no ack, an
     * {@code unavailable} error instead that says so, since a retry would store it a second time.
     */
    private void broadcast(Delivery delivery, String nonce) {
        try {
            broker.publish(delivery);
        } catch (BrokerUnavailableException e) {
            log.warn("message stored but not broadcast: {}", e.getMessage());
            throw new ProtocolException(ErrorCode.UNAVAILABLE,
                    "the message was stored but could not be delivered live; it is in the history", nonce);
        }
    }

    private void acknowledge(Session session, String nonce, long id) {
        if (nonce != null) {
            send(session, new ServerMessage.Ack(nonce, id));
        }
    }

    /** A DM sent before its recipient ever connected carries no recipient name; the recipient's own history shows it. */
    private static PrivateMessage withRecipientName(PrivateMessage dm, String userId, String username) {
        return dm.recipient().isEmpty() && dm.recipientId().equals(userId)
                ? new PrivateMessage(dm.id(), dm.ownerId(), dm.username(), dm.recipientId(), username, dm.message(),
                dm.authoredAt())
                : dm;
    }

    /** Tells the client why its frame was refused. */
    public void reject(Session session, ProtocolException refusal) {
        metrics.rejected(refusal.code().wire());
        send(session, refusal.toFrame());
    }

    private void send(Session session, ServerMessage message) {
        session.send(codec.frame(message));
        metrics.framesOut(1);
    }

    /** Carries out a delivery from the broker for this node's connections. */
    public void deliverLocally(Delivery delivery) {
        switch (delivery) {
            case Delivery.ToAll all -> fanOut(allMembers(), all.message());
            case Delivery.ToUsers some -> fanOut(some.userIds().stream()
                    .flatMap(id -> membersByUser.getOrDefault(id, Set.of()).stream()).toList(), some.message());
            case Delivery.Disconnect disconnect -> membersByUser.getOrDefault(disconnect.userId(), Set.of())
                    .forEach(member -> member.session().close(disconnect.closeCode(), disconnect.reason()));
            case Delivery.ChannelsChanged changed -> {
                channels.adopt(changed.channels());
                fanOut(allMembers(), new ServerMessage.ActiveChannels(changed.channels()));
            }
            case Delivery.RateLimitsChanged ignored -> {
                // the rate limiter's business, not the hub's
            }
        }
    }

    private List<Member> allMembers() {
        return membersByUser.values().stream().flatMap(Set::stream).toList();
    }

    private void fanOut(Collection<Member> targets, ServerMessage message) {
        var frame = codec.frame(message);
        targets.forEach(member -> member.deliver(frame));
        metrics.framesOut(targets.size());
    }

    private boolean countsAsPresence(Session session) {
        return !dashboardClientId.equals(session.principal().clientId());
    }

    private static UserStatus statusOf(Session session, boolean online) {
        return new UserStatus(session.principal().username(), session.principal().userId(), online);
    }

    /** This node's chat connections as presence counts them (dashboards left out). */
    public List<LocalConnection> localPresence() {
        return localSessions().stream().filter(this::countsAsPresence)
                .map(session -> new LocalConnection(statusOf(session, true), session.id())).toList();
    }

    /** Live sessions on this node, for shutdown and moderation. */
    public List<Session> localSessions() {
        return membersByUser.values().stream().flatMap(Set::stream).map(Member::session).toList();
    }
}
