package io.onrabble.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Read-only figures over stored sessions and messages, for the admin analytics. */
public interface AnalyticsStore {
    /** Sessions that started on one UTC date: how many, and their summed length. */
    record DailySessions(LocalDate date, long count, Duration total) {
    }

    /** Stored public messages of one channel (its current name, or its last name once deleted). */
    record ChannelCount(String channel, long count) {
    }

    /** One user's activity in a time range: public and private messages sent, sessions started and their length. */
    record Usage(long publicMessages, long privateMessages, long sessions, Duration online) {
    }

    /** Public messages of {@code channel} authored in [start, start + bucket). */
    record SeriesPoint(String channel, Instant start, long count) {
    }

    /** Sessions started at or after {@code from} per UTC date, oldest first; {@code userId} null means everyone. */
    List<DailySessions> sessionsPerDay(Instant from, String userId);

    /** All-time public message counts per channel, largest first. */
    List<ChannelCount> messagesPerChannel();

    /** Activity of {@code userId} in [from, to). */
    Usage usage(String userId, Instant from, Instant to);

    /**
     * Public messages in [from, to) counted per channel and per bucket of {@code bucket} (buckets are aligned
     * to the epoch); empty buckets are left out; {@code channels} empty means every channel.
     */
    List<SeriesPoint> messageSeries(Instant from, Instant to, Duration bucket, List<String> channels);

    /** Recorded sessions that overlap [from, to). */
    List<ChatSession> sessionsOverlapping(Instant from, Instant to);
}
