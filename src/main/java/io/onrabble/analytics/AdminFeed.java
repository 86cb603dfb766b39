package io.onrabble.analytics;

import io.onrabble.chat.ChatHub;
import io.onrabble.chat.Session;
import io.onrabble.domain.ChannelCount;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Live analytics for admin dashboards (the dashboard client id with the admin role): a snapshot
 * right after the connect sequence, then at most one {@code analytics_update} per interval holding
 * everything that happened since the previous one, and nothing while nothing happens. A busy server
 * therefore costs each dashboard one small frame per interval, however many messages flow.
 * Subscribers are marked in the hub's registry, so a dashboard that disconnects leaves the feed with it.
 */
public final class AdminFeed {
    private static final Logger log = LoggerFactory.getLogger(AdminFeed.class);
    private static final String TOPIC = "admin-feed";

    private final Analytics analytics;
    private final Codec codec;
    private final ChatHub hub;
    private final String dashboardClientId;
    private final String adminRole;
    private final long intervalNanos;
    /** Guards the window below, and orders each subscriber's snapshot before its first update. */
    private final Object lock = new Object();
    private final TreeMap<String, Long> channelMessages = new TreeMap<>();
    private long publicMessages;
    private long privateMessages;
    private boolean changed;
    private Instant windowStart;
    private long lastSentNanos;

    public AdminFeed(Analytics analytics, Codec codec, ChatHub hub, String dashboardClientId, String adminRole,
                     Duration interval) {
        this.analytics = analytics;
        this.codec = codec;
        this.hub = hub;
        this.dashboardClientId = dashboardClientId;
        this.adminRole = adminRole;
        this.intervalNanos = interval.toNanos();
        this.windowStart = analytics.now();
        this.lastSentNanos = System.nanoTime() - intervalNanos;
    }

    /** Subscribes an admin dashboard connection and sends it the snapshot; other connections are ignored. */
    public void attach(Session session) {
        var principal = session.principal();
        if (!dashboardClientId.equals(principal.clientId()) || !principal.hasRole(adminRole)) {
            return;
        }
        var snapshot = new ServerMessage.AnalyticsSnapshot(analytics.onlineUsers(), analytics.messagesPerChannel(),
                analytics.now());
        synchronized (lock) {
            session.send(codec.frame(snapshot));
            hub.subscribe(session, TOPIC);
        }
    }

    /** Counts a public message in {@code channel}, sent on any node (every node sees every message). */
    public void publicMessage(String channel) {
        synchronized (lock) {
            publicMessages++;
            channelMessages.merge(channel, 1L, Long::sum);
            changed = true;
        }
    }

    /** Counts a direct message, sent on any node. */
    public void privateMessage() {
        synchronized (lock) {
            privateMessages++;
            changed = true;
        }
    }

    /** Someone came online or went offline: the next update carries the new number online. */
    public void presenceChanged() {
        synchronized (lock) {
            changed = true;
        }
    }

    /** Sends the coalesced update if something changed and an interval has passed; called by a timer. */
    public void flush() {
        try {
            synchronized (lock) {
                var now = System.nanoTime();
                if (!changed || now - lastSentNanos < intervalNanos) {
                    return;
                }
                var to = analytics.now();
                var channels = channelMessages.entrySet().stream()
                        .map(e -> new ChannelCount(e.getKey(), e.getValue())).toList();
                var update = new ServerMessage.AnalyticsUpdate(analytics.onlineUsers(), publicMessages, privateMessages,
                        channels, windowStart, to);
                var subscribers = hub.subscribers(TOPIC);
                if (!subscribers.isEmpty()) {
                    var frame = codec.frame(update);
                    subscribers.forEach(session -> session.send(frame));
                }
                channelMessages.clear();
                publicMessages = 0;
                privateMessages = 0;
                changed = false;
                windowStart = to;
                lastSentNanos = now;
            }
        } catch (RuntimeException e) {
            log.warn("admin feed update failed: {}", e.getMessage());
        }
    }
}
