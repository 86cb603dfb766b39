package io.onrabble.chat;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.analytics.Analytics;
import io.onrabble.app.NodeEvents;
import io.onrabble.broker.MemoryBroker;
import io.onrabble.broker.MemoryPresence;
import io.onrabble.journal.EmbeddedJournal;
import io.onrabble.markers.ReadMarkers;
import io.onrabble.metrics.Metrics;
import io.onrabble.moderation.BanList;
import io.onrabble.moderation.BanCheck;
import io.onrabble.protocol.Codec;
import io.onrabble.ratelimit.MemoryRateLimiter;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import io.onrabble.typing.TypingRelay;
import io.onrabble.typing.TypingSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One node's chat wired as the server wires it, with the in-process adapters and a SQLite file in
 * {@code dataDir}, and no sockets: sessions are {@link RecordingSession}s.
 */
final class ChatNode implements AutoCloseable {
    static final String DASHBOARD = "Dashboard";

    final Database database;
    final Stores stores;
    final EmbeddedJournal journal;
    final MemoryBroker broker = new MemoryBroker();
    final MemoryPresence presence = new MemoryPresence();
    final Codec codec = new Codec(4000);
    final ChatHub hub;
    final ConnectSequence connectSequence;
    final PresenceFeed presenceFeed;
    final PublicHistory history;
    final ChannelActivity activity;
    final MessageSender sender;

    /** {@code messagesPerMinute} is every user's rate limit. */
    ChatNode(Path dataDir, int messagesPerMinute) {
        this(dataDir, messagesPerMinute, new PresenceSettings(Duration.ZERO, 1000, 100));
    }

    /** With a non-zero interval, presence news waits for {@code presenceFeed.flush()}. */
    ChatNode(Path dataDir, int messagesPerMinute, PresenceSettings presenceSettings) {
        database = Database.sqlite(dataDir);
        database.update("UPDATE rate_limits SET message_limit = ?, window_seconds = ? WHERE owner_id = 'default'",
                messagesPerMinute, 60);
        stores = Stores.jdbc(database);
        journal = EmbeddedJournal.open(stores.messages(), 500, new Metrics());
        var metrics = new Metrics();
        var clock = Clock.systemUTC();
        var channels = new ChannelDirectory(stores.channels());
        var policy = new RateLimitPolicy(stores.rateLimits());
        hub = new ChatHub(metrics);
        var userPresence = new UserPresence(presence, broker, codec, hub, DASHBOARD);
        presenceFeed = new PresenceFeed(presence, hub, codec, presenceSettings, Runnable::run);
        history = new PublicHistory(journal, channels, codec);
        activity = new ChannelActivity(hub, codec);
        connectSequence = new ConnectSequence(userPresence, presenceFeed,
                new Attendance(stores.users(), stores.sessions(), clock), history, journal, codec, metrics, null, JoinFrame.NONE);
        sender = new MessageSender(channels, journal, stores.users(), broker, new MemoryRateLimiter(policy), codec,
                metrics, clock);
        var analytics = new Analytics(stores.analytics(), journal, stores.users(), presence, hub::sessions, DASHBOARD,
                clock);
        var feed = new AdminFeed(analytics, codec, hub, DASHBOARD, "admin", Duration.ofSeconds(1));
        broker.subscribe(new NodeEvents(hub, history, presenceFeed, activity, channels,
                new BanCheck(BanList.load(stores.bans(), clock)), feed, policy, codec, Runnable::run,
                new TypingRelay(channels, hub, broker, codec, metrics,
                        new TypingSettings(Duration.ofSeconds(3), Duration.ofSeconds(6), 20, Duration.ofSeconds(10))),
                new ReadMarkers(stores.readMarkers(), channels, hub, broker, codec, 1000)));
    }

    /** What the gateway does for a new connection: register it, then run its connect sequence. */
    void join(Session session) {
        hub.register(session);
        connectSequence.connect(session);
    }

    /** What the gateway does once a connection closed. */
    void leave(Session session) {
        hub.closed(session);
        connectSequence.disconnect(session);
        hub.finished(session);
    }

    @Override
    public void close() {
        journal.close();
        database.close();
    }
}
