package io.onrabble.gateway;

import io.onrabble.chat.ChatHub;
import io.onrabble.chat.MessageEdits;
import io.onrabble.chat.MessageSender;
import io.onrabble.chat.OlderHistory;
import io.onrabble.concurrent.Throttle;
import io.onrabble.chat.PresenceFeed;
import io.onrabble.markers.ReadMarkers;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.typing.TypingRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;

/**
 * What a client's text frame asks for, carried out: decode it, hand a send to the sender, move the
 * connection onto a refreshed token, answer a presence or history page, pass typing and read markers on, hand an
 * edit or deletion on; a refused frame gets an {@code error} frame, and a client refused too often is closed.
 * Blocking: runs on the connection's inbound queue; a send's answer runs after its commit, in the order of
 * the sends (see {@link PendingSends}).
 */
public final class ClientFrames {
    private static final Logger log = LoggerFactory.getLogger(ClientFrames.class);

    private final Throttle failureLog = new Throttle(Duration.ofSeconds(10));
    private final AtomicLong failures = new AtomicLong();

    private final Codec codec;
    private final MessageSender sender;
    private final MessageEdits edits;
    private final PresenceFeed presence;
    private final ChatHub hub;
    private final Handshake handshake;
    private final TokenExpiry expiry;
    private final Metrics metrics;
    private final OlderHistory history;
    private final TypingRelay typing;
    private final ReadMarkers readMarkers;

    public ClientFrames(Codec codec, MessageSender sender, MessageEdits edits, PresenceFeed presence, ChatHub hub,
                        Handshake handshake, TokenExpiry expiry, Metrics metrics, OlderHistory history, TypingRelay typing,
                        ReadMarkers readMarkers) {
        this.history = history;
        this.codec = codec;
        this.sender = sender;
        this.edits = edits;
        this.presence = presence;
        this.hub = hub;
        this.handshake = handshake;
        this.expiry = expiry;
        this.metrics = metrics;
        this.typing = typing;
        this.readMarkers = readMarkers;
    }

    /**
     * A failure nobody foresaw answers {@code unavailable} with the frame's nonce, so the client knows
     * which send failed; the log gets one line (with the stack trace) per ten seconds, and the count.
     */
    void handle(Connection connection, String text) {
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (ProtocolException e) {
            connection.awaitSendsAnswered();
            refuse(connection, e);
            return;
        }
        if (!(message instanceof ClientMessage.Send)) {
            // Answered after the sends before it; and it may change what follows (a refresh).
            connection.awaitSendsAnswered();
        }
        answer(connection, message, () -> {
            switch (message) {
                case ClientMessage.Send send -> pipeline(connection, send);
                case ClientMessage.RefreshToken refresh -> refresh(connection, refresh);
                case ClientMessage.GetPresence get -> presence.page(connection, get.ids(), get.after(), get.limit(),
                        get.nonce());
                case ClientMessage.OpenChannels open -> openChannels(connection, open);
                case ClientMessage.GetHistory get -> history.page(connection, get);
                case ClientMessage.Typing typed -> typing.typing(connection, typed);
                case ClientMessage.MarkRead mark -> readMarkers.markRead(connection, mark);
                case ClientMessage.EditMessage edit -> edits.edit(connection, edit);
                case ClientMessage.DeleteMessage delete -> edits.delete(connection, delete);
            }
        });
    }

    /**
     * Checks the send and starts storing it here, on the inbound queue (so ids follow the order of
     * the sends); its answer (publish and ack, or the error frame) runs in order after the earlier
     * sends' answers, while the next frames are handled. A send refused at once is answered in order too.
     */
    private void pipeline(Connection connection, ClientMessage.Send send) {
        Runnable deliver;
        try {
            deliver = sender.accept(connection, send);
        } catch (RuntimeException refused) {
            deliver = () -> {
                throw refused;
            };
        }
        var then = deliver;
        connection.answerInOrder(() -> answer(connection, send, then));
    }

    private void answer(Connection connection, ClientMessage message, Runnable work) {
        try {
            work.run();
        } catch (ProtocolException e) {
            refuse(connection, e);
        } catch (RuntimeException e) {
            var unlogged = failures.incrementAndGet();
            if (failureLog.allow()) {
                failures.addAndGet(-unlogged);
                log.error("could not handle a frame from user {} ({} such failures since the last line)",
                        connection.principal().userId(), unlogged, e);
            }
            refuse(connection, new ProtocolException(ErrorCode.UNAVAILABLE, "the server could not handle this frame",
                    message.nonce()));
        }
    }

    /** Moves the connection onto a new token of the same user; a bad one is refused and the old expiry stands. */
    private void refresh(Connection connection, ClientMessage.RefreshToken refresh) {
        connection.declareRefresh();
        var refreshed = handshake.refreshed(connection.principal(), refresh.token(), refresh.nonce());
        connection.principal(refreshed);
        expiry.arm(connection);
        connection.send(codec.frame(new ServerMessage.TokenRefreshed(refreshed.expiresAt(), refresh.nonce())));
    }

    private void openChannels(Connection connection, ClientMessage.OpenChannels open) {
        if (!connection.capabilities().channelSubscriptions()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "open_channels needs a connection made with ?channels=open",
                    open.nonce());
        }
        hub.openChannels(connection, Set.copyOf(open.channels()));
        connection.send(codec.frame(new ServerMessage.ChannelsOpened(open.channels(), open.nonce())));
    }

    void refuse(Connection connection, ProtocolException refusal) {
        // 'unavailable' is the server's failing, not the client's: it never counts towards closing the connection.
        if (refusal.code() == ErrorCode.UNAVAILABLE || connection.tolerateRefusal()) {
            metrics.rejected(refusal.code().wire());
            connection.send(codec.frame(refusal.toFrame()));
            metrics.framesOut(1);
        } else {
            connection.close(CloseCode.POLICY_VIOLATION, "too many refused frames");
        }
    }
}
