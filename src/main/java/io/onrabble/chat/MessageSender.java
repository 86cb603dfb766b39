package io.onrabble.chat;

import io.onrabble.broker.Broker;
import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.broker.NodeEvent;
import io.onrabble.concurrent.Throttle;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.journal.JournalUnavailableException;
import io.onrabble.journal.MessageJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.ratelimit.RateLimiter;
import io.onrabble.store.UserRecord;
import io.onrabble.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Accepts a message from a session: rate limit, append to the journal (durable when its future
 * completes), publish to every node, ack. Refusals throw {@link ProtocolException}. The gateway
 * calls {@link #accept} on the session's inbound queue, one message at a time, and runs the
 * answers (publish, ack) in the same order while several sends of the session commit at once.
 */
public final class MessageSender {
    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);

    private final ChannelDirectory channels;
    private final MessageJournal journal;
    private final UserStore users;
    private final Broker broker;
    private final RateLimiter rateLimiter;
    private final Codec codec;
    private final Metrics metrics;
    private final Clock clock;
    /** During an outage every send fails: one line per ten seconds says so (the metric counts them all). */
    private final Throttle storeWarnings = new Throttle(Duration.ofSeconds(10));

    public MessageSender(ChannelDirectory channels, MessageJournal journal, UserStore users, Broker broker,
                         RateLimiter rateLimiter, Codec codec, Metrics metrics, Clock clock) {
        this.channels = channels;
        this.journal = journal;
        this.users = users;
        this.broker = broker;
        this.rateLimiter = rateLimiter;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Sends and answers in one go, blocking until the commit: {@link #accept} and its answer. */
    public void send(Session session, ClientMessage.Send message) {
        accept(session, message).run();
    }

    /**
     * Checks the send (refusals throw {@link ProtocolException}; nothing is stored) and starts storing
     * it without waiting for the commit. The returned answer waits for the commit, then publishes and
     * acks (a failure throws {@link ProtocolException}); the caller runs the answers of one session in
     * the order of its sends, which keeps its acks, and its broadcasts, in the order of their ids.
     */
    public Runnable accept(Session session, ClientMessage.Send message) {
        return switch (message) {
            case ClientMessage.SendChat chat -> acceptChat(session, chat);
            case ClientMessage.SendPrivate dm -> acceptPrivate(session, dm);
        };
    }

    private Runnable acceptChat(Session session, ClientMessage.SendChat send) {
        var channel = channels.byName(send.channel()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_CHANNEL, "there is no channel named '" + send.channel() + "'", send.nonce()));
        var principal = session.principal();
        checkRateLimit(principal.userId(), send.nonce());
        var draft = new ChatMessage(0, principal.userId(), principal.username(), channel.id(), channel.name(),
                send.message(), Timestamps.truncate(clock.instant()));
        var pending = submit(() -> journal.submitPublic(draft));
        return () -> {
            var stored = stored(pending, send.nonce());
            metrics.publicMessageIn();
            publish(NodeEvent.Chat.of(codec, stored), send.nonce());
            acknowledge(session, send.nonce(), stored.id());
        };
    }

    private Runnable acceptPrivate(Session session, ClientMessage.SendPrivate send) {
        // The recipient may never have connected yet (their id came from elsewhere): the message waits
        // for their first connect, and their name is filled in then (see ConnectSequence).
        var recipientName = users.find(send.recipientId()).map(UserRecord::username).orElse("");
        var principal = session.principal();
        checkRateLimit(principal.userId(), send.nonce());
        var draft = new PrivateMessage(0, principal.userId(), principal.username(), send.recipientId(),
                recipientName, send.message(), Timestamps.truncate(clock.instant()));
        var pending = submit(() -> journal.submitPrivate(draft));
        return () -> {
            var stored = stored(pending, send.nonce());
            metrics.privateMessageIn();
            publish(NodeEvent.Private.of(codec, stored), send.nonce());
            acknowledge(session, send.nonce(), stored.id());
        };
    }

    private void checkRateLimit(String userId, String nonce) {
        if (rateLimiter.tryAcquire(userId) instanceof RateLimiter.Limited limited) {
            throw ProtocolException.rateLimited(limited.retryAfterMs(), nonce);
        }
    }

    /** A journal that refuses at once answers like one whose commit failed. */
    private static <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> append) {
        try {
            return append.get();
        } catch (JournalUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> T stored(CompletableFuture<T> pending, String nonce) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof JournalUnavailableException unavailable)) {
                throw e;
            }
            if (storeWarnings.allow()) {
                log.warn("messages are not being stored (each one counts as a rejection for reason 'unavailable'): {}",
                        unavailable.getMessage());
            }
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the message could not be stored; try again", nonce);
        }
    }

    /**
     * The message is durable by now, but with Valkey away nobody saw it live: no ack, an
     * {@code unavailable} error instead that says so, since a retry would store it a second time.
     */
    private void publish(NodeEvent event, String nonce) {
        try {
            broker.publish(event);
        } catch (BrokerUnavailableException e) {
            log.warn("message stored but not broadcast: {}", e.getMessage());
            throw new ProtocolException(ErrorCode.UNAVAILABLE,
                    "the message was stored but could not be delivered live; it is in the history", nonce);
        }
    }

    private void acknowledge(Session session, String nonce, long id) {
        if (nonce != null) {
            session.send(codec.frame(new ServerMessage.Ack(nonce, id)));
            metrics.framesOut(1);
        }
    }
}
