package io.onrabble.gateway;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.ConnectSequence;
import io.onrabble.moderation.BanCheck;
import io.onrabble.protocol.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's life in the chat, in its inbound queue's order: registered with the hub as it
 * opens, the connect sequence, then its frames; once the socket closes, its departure is recorded
 * and it leaves the hub.
 */
public final class ConnectionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private final ChatHub hub;
    private final ConnectSequence connectSequence;
    private final ClientFrames frames;
    private final BanCheck bans;
    private final TokenExpiry expiry;
    private final AdminFeed adminFeed;

    public ConnectionLifecycle(ChatHub hub, ConnectSequence connectSequence, ClientFrames frames, BanCheck bans,
                               TokenExpiry expiry, AdminFeed adminFeed) {
        this.hub = hub;
        this.connectSequence = connectSequence;
        this.frames = frames;
        this.bans = bans;
        this.expiry = expiry;
        this.adminFeed = adminFeed;
    }

    /**
     * Call on the connection's event loop, right after the upgrade; {@code banCheckedAt} is when its
     * ban check began, {@code closed} runs once it has closed.
     */
    void begin(Connection connection, long banCheckedAt, Runnable closed) {
        connection.read(text -> frames.handle(connection, text), refusal -> frames.refuse(connection, refusal), () -> {
            expiry.disarm(connection);
            hub.closed(connection);
            closed.run();
            connection.submit(() -> {
                try {
                    connectSequence.disconnect(connection);
                } finally {
                    hub.finished(connection);
                }
            });
        });
        hub.register(connection);
        connection.submit(() -> join(connection, banCheckedAt));
    }

    private void join(Connection connection, long banCheckedAt) {
        var userId = connection.principal().userId();
        try {
            connectSequence.connect(connection);
            // A ban or disconnect heard while this connection was being set up missed it in the hub.
            var revoked = bans.revokedSince(userId, banCheckedAt);
            if (revoked.isPresent()) {
                connection.close(revoked.get().closeCode(), revoked.get().reason());
                return;
            }
            expiry.arm(connection);
            adminFeed.attach(connection);
        } catch (RuntimeException e) {
            log.error("connect sequence failed for user {}", userId, e);
            connection.close(CloseCode.INTERNAL_ERROR, "could not join");
        }
    }
}
