package io.onrabble.chat;

import io.onrabble.domain.PrivateMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;

import java.util.ArrayList;

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
    private final JoinFrame joinFrame;

    public ConnectSequence(UserPresence presence, PresenceFeed presenceFeed, Attendance attendance,
                           PublicHistory history, MessageJournal journal, Codec codec, Metrics metrics,
                           JoinFrame joinFrame) {
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
        var shared = history.current();
        var directMessages = journal.recentPrivate(principal.userId()).stream()
                .map(dm -> withRecipientName(dm, principal.userId(), principal.username())).toList();
        var frames = new ArrayList<Frame>(4);
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

    /** After the socket closed: announces the user offline if it was their last connection, records the session. */
    public void disconnect(Session session) {
        presence.depart(session);
        attendance.left(session);
    }

    /** A DM sent before its recipient ever connected carries no recipient name; the recipient's own history shows it. */
    private static PrivateMessage withRecipientName(PrivateMessage dm, String userId, String username) {
        return dm.recipient().isEmpty() && dm.recipientId().equals(userId)
                ? new PrivateMessage(dm.id(), dm.ownerId(), dm.username(), dm.recipientId(), username, dm.message(),
                dm.authoredAt())
                : dm;
    }
}
