package io.onrabble.analytics;

import io.onrabble.broker.Presence;
import io.onrabble.chat.Session;
import io.onrabble.domain.ChannelCount;
import io.onrabble.journal.MessageJournal;
import io.onrabble.store.AnalyticsStore;
import io.onrabble.store.AnalyticsStore.DailySessions;
import io.onrabble.store.ChatSession;
import io.onrabble.store.UserRecord;
import io.onrabble.store.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin figures: sessions, message counts, per-user usage, time series and peak concurrency. Blocking.
 * Figures that count messages first wait for the journal to write its queue (a prompt flush with Valkey,
 * nothing in embedded mode), so they include every message clients saw acknowledged.
 */
public final class Analytics {
    /** The reference's window for session activity: a rolling seven days. */
    public static final Duration SESSION_WINDOW = Duration.ofDays(7);
    /** Most points one time series may hold, so a query stays cheap to compute and to draw. */
    public static final int MAX_SERIES_POINTS = 1_500;

    public record UserUsage(UserRecord user, Instant from, Instant to, AnalyticsStore.Usage usage, boolean online) {
    }

    public record Point(Instant start, long count) {
    }

    public record Series(String channel, List<Point> points) {
    }

    public record Peak(int users, Instant at) {
    }

    private final AnalyticsStore store;
    private final MessageJournal journal;
    private final UserStore users;
    private final Presence presence;
    private final Supplier<List<Session>> liveSessions;
    private final String dashboardClientId;
    private final Clock clock;

    /** {@code liveSessions} are this node's open connections, whose sessions are not recorded until they end. */
    public Analytics(AnalyticsStore store, MessageJournal journal, UserStore users, Presence presence, Supplier<List<Session>> liveSessions,
                     String dashboardClientId, Clock clock) {
        this.store = store;
        this.journal = journal;
        this.users = users;
        this.presence = presence;
        this.liveSessions = liveSessions;
        this.dashboardClientId = dashboardClientId;
        this.clock = clock;
    }

    /** Sessions per UTC date of their start over the last seven days; {@code userId} null means everyone. */
    public List<DailySessions> sessionActivity(String userId) {
        return store.sessionsPerDay(clock.instant().minus(SESSION_WINDOW), userId);
    }

    public List<ChannelCount> messagesPerChannel() {
        journal.awaitFlushed();
        return store.messagesPerChannel().stream().map(c -> new ChannelCount(c.channel(), c.count())).toList();
    }

    public int onlineUsers() {
        return presence.online().size();
    }

    public Instant now() {
        return clock.instant();
    }

    /** What {@code userId} did in [from, to); empty when the user is not in the directory. */
    public Optional<UserUsage> usage(String userId, Instant from, Instant to) {
        journal.awaitFlushed();
        return users.find(userId).map(user -> new UserUsage(user, from, to, store.usage(userId, from, to),
                presence.online().stream().anyMatch(status -> status.id().equals(userId))));
    }

    /**
     * Public messages per channel in buckets of {@code bucket} over [from, to), both aligned down to
     * the bucket; every bucket is present (zero when quiet). Without {@code channels}, every channel
     * that had a message in the range gets a series.
     */
    public List<Series> messageSeries(Instant from, Instant to, Duration bucket, List<String> channels) {
        var start = alignDown(from, bucket);
        var end = alignDown(to.minusNanos(1), bucket).plus(bucket);
        var counts = new LinkedHashMap<String, HashMap<Instant, Long>>();
        journal.awaitFlushed();
        channels.forEach(channel -> counts.put(channel, new HashMap<>()));
        for (var point : store.messageSeries(start, end, bucket, channels)) {
            counts.computeIfAbsent(point.channel(), c -> new HashMap<>()).put(point.start(), point.count());
        }
        var series = new ArrayList<Series>();
        counts.forEach((channel, byStart) -> {
            var points = new ArrayList<Point>();
            for (var t = start; t.isBefore(end); t = t.plus(bucket)) {
                points.add(new Point(t, byStart.getOrDefault(t, 0L)));
            }
            series.add(new Series(channel, points));
        });
        return series;
    }

    /** How many buckets {@link #messageSeries} would return per channel. */
    public static long bucketCount(Instant from, Instant to, Duration bucket) {
        var start = alignDown(from, bucket);
        var end = alignDown(to.minusNanos(1), bucket).plus(bucket);
        return Duration.between(start, end).dividedBy(bucket);
    }

    private static Instant alignDown(Instant instant, Duration bucket) {
        var millis = bucket.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), millis) * millis);
    }

    /**
     * The most chat users online at once in [from, to), and when that was first reached. Counts users,
     * not connections (a user on two devices is one), and leaves dashboard connections out, as presence does.
     * Recorded sessions plus this node's open ones; open sessions on other nodes count once they end.
     */
    public Peak peakConcurrentUsers(Instant from, Instant to) {
        var now = clock.instant();
        var sessions = new ArrayList<>(store.sessionsOverlapping(from, to));
        for (var live : liveSessions.get()) {
            var principal = live.principal();
            if (live.connectedAt().isBefore(to) && now.isAfter(from)) {
                sessions.add(new ChatSession(principal.userId(), principal.clientId(), live.connectedAt(), now));
            }
        }
        record Event(Instant at, String userId, int change) {
        }
        var events = new ArrayList<Event>();
        for (var session : sessions) {
            if (dashboardClientId.equals(session.clientId())) {
                continue;
            }
            var start = session.start().isBefore(from) ? from : session.start();
            var end = session.end().isAfter(to) ? to : session.end();
            if (start.isBefore(end)) {
                events.add(new Event(start, session.ownerId(), 1));
                events.add(new Event(end, session.ownerId(), -1));
            }
        }
        // At equal times ends come first: a session ending when another starts does not overlap it.
        events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::change));
        var connections = new HashMap<String, Integer>();
        int online = 0;
        var peak = new Peak(0, null);
        for (var event : events) {
            var before = connections.getOrDefault(event.userId(), 0);
            var after = before + event.change();
            connections.put(event.userId(), after);
            if (before == 0 && after > 0) {
                online++;
            } else if (before > 0 && after == 0) {
                online--;
            }
            if (online > peak.users()) {
                peak = new Peak(online, event.at());
            }
        }
        return peak;
    }
}
