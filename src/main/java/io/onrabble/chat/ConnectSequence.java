package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * What a session sees as it joins, in the protocol's order: {@code bulk_chat_messages} (when there
 * are any) and {@code active_channels}, both shared by every joining session ({@link PublicHistory}),
 * {@code bulk_private_messages} (when there are any), a {@link JoinFrame} (when there is one), the live frames held meanwhile less those the
 * history already holds, then the presence snapshot ({@link PresenceFeed}); and what happens when it
 * leaves. Blocking: the gateway runs it on the session's inbound queue.
 */
public final class ConnectSequence {
    private final UserPresence presence;
    private final PresenceFeed presenceFeed;
    private final Attendance attendance;
    private final PublicHistory history;
    private final MessageJournal journal;
    private final Codec codec;
    private final Metrics metrics;
    private final MessageReplay replay;
    private final JoinFrame joinFrame;

    /**
     * With {@code replay}, a client that connected with a {@link ResumePoint} gets what it missed instead
     * of the history; {@code joinFrame} adds a feature's frame (unread counts) to either sequence.
     */
    public ConnectSequence(UserPresence presence, PresenceFeed presenceFeed, Attendance attendance,
                           PublicHistory history, MessageJournal journal, Codec codec, Metrics metrics,
                           MessageReplay replay, JoinFrame joinFrame) {
        this.replay = replay;
        this.presence = presence;
        this.presenceFeed = presenceFeed;
        this.attendance = attendance;
        this.history = history;
        this.journal = journal;
        this.codec = codec;
        this.metrics = metrics;
        this.joinFrame = joinFrame;
    }

    /** Runs the connect sequence of a session the hub has registered. */
    public void connect(Session session) {
        var principal = session.principal();
        attendance.arrived(session);
        presence.arrive(session);
        var extra = joinFrame.forJoining(session);
        // Read after the session was registered, so every message stored from here on reaches it
        // live; one stored earlier is in the history, and dropped when it also arrives live.
        var frames = new ArrayList<Frame>(4);
        var resume = session.capabilities().resume();
        if (resume != null && replay != null) {
            switch (replay.since(resume, principal.userId())) {
                case MessageReplay.Missed missed -> {
                    metrics.resume("resumed");
                    resumed(session, missed, extra);
                    return;
                }
                case MessageReplay.Resync resync -> {
                    metrics.resume(resync.reason());
                    frames.add(codec.frame(new ServerMessage.ResyncNeeded(resync.reason(), resync.maxMessages())));
                }
            }
        }
        var shared = history.current();
        var directMessages = journal.recentPrivate(principal.userId()).stream()
                .map(dm -> withRecipientName(dm, principal.userId(), principal.username())).toList();
        if (shared.messages() != null) {
            frames.add(shared.messages());
        }
        frames.add(shared.channels());
        var shown = shared.shown();
        if (!directMessages.isEmpty()) {
            frames.add(codec.frame(new ServerMessage.BulkPrivateMessages(directMessages)));
            shown = shown.withPrivate(directMessages.stream().map(PrivateMessage::id).toList());
        }
        if (extra != null) {
            frames.add(extra);
        }
        presenceFeed.goLive(session, frames, shown, presence.shownAs(session));
        metrics.framesOut(frames.size() + 1);
    }

    /**
     * The resumed connect sequence: {@code resumed} with what the client missed (edits included, whether
     * or not it asked for {@code message_edited}: they are the state of messages it holds), {@code active_channels},
     * the held live frames less those {@code resumed} holds, then presence.
     */
    private void resumed(Session session, MessageReplay.Missed missed, Frame extra) {
        var principal = session.principal();
        var directMessages = missed.privateMessages().stream()
                .map(dm -> withRecipientName(dm, principal.userId(), principal.username())).toList();
        var frames = new ArrayList<Frame>(3);
        var edited = missed.edited().stream().map(e -> new ServerMessage.MessageEdited(e.message().id(),
                e.message().channel(), e.message().message(), e.editedAt())).toList();
        frames.add(codec.frame(new ServerMessage.Resumed(missed.messages(), directMessages, edited, missed.deleted())));
        frames.add(history.current().channels());
        if (extra != null) {
            frames.add(extra);
        }
        var shown = ShownHistory.resumed(session.capabilities().resume(),
                missed.messages().stream().map(ChatMessage::id).toList(),
                directMessages.stream().map(PrivateMessage::id).toList());
        presenceFeed.goLive(session, frames, shown, presence.shownAs(session));
        metrics.framesOut(frames.size() + 1);
    }

    /** After the socket closed: announces the user offline if it was their last connection, records the session. */
    public void disconnect(Session session) {
        presence.depart(session);
        attendance.left(session);
    }

    /** A DM sent before its recipient ever connected carries no recipient name; the recipient's own history shows it. */
    static PrivateMessage withRecipientName(PrivateMessage dm, String userId, String username) {
        return dm.recipient().isEmpty() && dm.recipientId().equals(userId)
                ? new PrivateMessage(dm.id(), dm.ownerId(), dm.username(), dm.recipientId(), username, dm.message(),
                dm.authoredAt())
                : dm;
    }
}
