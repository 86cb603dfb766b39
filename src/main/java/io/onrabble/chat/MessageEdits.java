package io.onrabble.chat;

import io.onrabble.broker.Broker;
import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.broker.NodeEvent;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.Timestamps;
import io.onrabble.journal.JournalUnavailableException;
import io.onrabble.journal.MessageJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.ratelimit.RateLimiter;
import io.onrabble.store.StoreException;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * A user's edits and deletions of public messages over the WebSocket: rate limit (as a send), find
 * the message, ask the {@link EditPolicy}, change it in the journal (which keeps every copy in step),
 * publish, ack. An edit goes out as {@code message_edited} to the clients that asked for it, a
 * deletion as the {@code message_deleted} every client knows. Refusals throw
 * {@link ProtocolException}. Blocking: runs on the session's inbound queue.
 */
public final class MessageEdits {
    private final MessageJournal journal;
    private final MessageDeletion deletion;
    private final Broker broker;
    private final RateLimiter rateLimiter;
    private final EditPolicy policy;
    private final Codec codec;
    private final Metrics metrics;
    private final Clock clock;

    public MessageEdits(MessageJournal journal, MessageDeletion deletion, Broker broker, RateLimiter rateLimiter,
                        EditPolicy policy, Codec codec, Metrics metrics, Clock clock) {
        this.journal = journal;
        this.deletion = deletion;
        this.broker = broker;
        this.rateLimiter = rateLimiter;
        this.policy = policy;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void edit(Session session, ClientMessage.EditMessage edit) {
        var message = permitted(session, edit.id(), edit.nonce(), true);
        var change = new MessageEdit(message.id(), edit.message(), Timestamps.truncate(clock.instant()));
        if (!stored(() -> journal.editPublic(message, change), edit.nonce())) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "message " + edit.id()
                    + " was deleted, or edited again, while this edit was on its way", edit.nonce());
        }
        try {
            broker.publish(NodeEvent.MessageEdited.of(codec, message, change));
        } catch (BrokerUnavailableException e) {
            throw new ProtocolException(ErrorCode.UNAVAILABLE,
                    "the edit was stored but could not be delivered live; it is in the history", edit.nonce());
        }
        acknowledge(session, edit.nonce(), message.id());
    }

    public void delete(Session session, ClientMessage.DeleteMessage delete) {
        var message = permitted(session, delete.id(), delete.nonce(), false);
        if (stored(() -> deletion.delete(List.of(message.id())).isEmpty(), delete.nonce())) {
            throw notFound(delete.id(), delete.nonce());
        }
        acknowledge(session, delete.nonce(), message.id());
    }

    /** The message, once the sender may change it; a refusal otherwise (nothing counted but the rate). */
    private ChatMessage permitted(Session session, long id, String nonce, boolean editing) {
        var who = session.principal();
        if (rateLimiter.tryAcquire(who.userId()) instanceof RateLimiter.Limited limited) {
            throw ProtocolException.rateLimited(limited.retryAfterMs(), nonce);
        }
        var message = stored(() -> journal.findPublic(id), nonce).orElseThrow(() -> notFound(id, nonce));
        var now = clock.instant();
        var verdict = editing ? policy.mayEdit(who, message, now) : policy.mayDelete(who, message, now);
        return switch (verdict) {
            case ALLOWED -> message;
            case NOT_YOURS -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "message " + id + " is another user's: only its author may " + (editing ? "edit" : "delete") + " it",
                    nonce);
            case WINDOW_CLOSED -> throw new ProtocolException(ErrorCode.EDIT_WINDOW_CLOSED, "message " + id
                    + " can no longer be changed: messages can be edited and deleted for "
                    + policy.window().toSeconds() + " s after they are sent", nonce);
        };
    }

    private static ProtocolException notFound(long id, String nonce) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "there is no public message " + id, nonce);
    }

    private static <T> T stored(Supplier<T> change, String nonce) {
        try {
            return change.get();
        } catch (JournalUnavailableException | StoreException e) {
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the change could not be stored; try again", nonce);
        }
    }

    private void acknowledge(Session session, String nonce, long id) {
        if (nonce != null) {
            session.send(codec.frame(new ServerMessage.Ack(nonce, id)));
            metrics.framesOut(1);
        }
    }
}
