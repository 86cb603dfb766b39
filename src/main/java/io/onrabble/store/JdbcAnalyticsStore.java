package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Integer arithmetic on epoch microseconds groups by day or bucket the same way on SQLite and PostgreSQL. */
public final class JdbcAnalyticsStore implements AnalyticsStore {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final String CHANNEL = "COALESCE(c.name, m.channel_name)";

    private final Database db;

    public JdbcAnalyticsStore(Database db) {
        this.db = db;
    }

    @Override
    public List<DailySessions> sessionsPerDay(Instant from, String userId) {
        var params = new ArrayList<Object>(List.of(MICROS_PER_DAY, Timestamps.toMicros(from)));
        if (userId != null) {
            params.add(userId);
        }
        return db.query("SELECT start_time / ? AS day, COUNT(*) AS sessions, SUM(end_time - start_time) AS total "
                        + "FROM chat_sessions WHERE start_time >= ?" + (userId == null ? "" : " AND owner_id = ?")
                        + " GROUP BY 1 ORDER BY 1",
                row -> new DailySessions(LocalDate.ofEpochDay(row.getLong("day")), row.getLong("sessions"),
                        Duration.of(row.getLong("total"), ChronoUnit.MICROS)),
                params.toArray());
    }

    @Override
    public List<ChannelCount> messagesPerChannel() {
        return db.query("SELECT COALESCE(c.name, MAX(m.channel_name)) AS channel, COUNT(*) AS messages "
                        + "FROM chat_messages m LEFT JOIN channels c ON c.id = m.channel_id "
                        + "GROUP BY m.channel_id, c.name ORDER BY messages DESC, channel",
                row -> new ChannelCount(row.getString("channel"), row.getLong("messages")));
    }

    @Override
    public Usage usage(String userId, Instant from, Instant to) {
        var start = Timestamps.toMicros(from);
        var end = Timestamps.toMicros(to);
        return db.withConnection(connection -> {
            var publicMessages = count(connection, "SELECT COUNT(*) FROM chat_messages "
                    + "WHERE owner_id = ? AND authored_at >= ? AND authored_at < ?", userId, start, end);
            var privateMessages = count(connection, "SELECT COUNT(*) FROM private_messages "
                    + "WHERE owner_id = ? AND authored_at >= ? AND authored_at < ?", userId, start, end);
            return Database.query(connection, "SELECT COUNT(*), COALESCE(SUM(end_time - start_time), 0) FROM chat_sessions "
                            + "WHERE owner_id = ? AND start_time >= ? AND start_time < ?",
                    row -> new Usage(publicMessages, privateMessages, row.getLong(1),
                            Duration.of(row.getLong(2), ChronoUnit.MICROS)),
                    userId, start, end).getFirst();
        });
    }

    private static long count(Connection connection, String sql, Object... params) throws SQLException {
        return Database.query(connection, sql, row -> row.getLong(1), params).getFirst();
    }

    @Override
    public List<SeriesPoint> messageSeries(Instant from, Instant to, Duration bucket, List<String> channels) {
        var bucketMicros = bucket.toNanos() / 1000;
        var params = new ArrayList<Object>(List.of(bucketMicros, bucketMicros, Timestamps.toMicros(from), Timestamps.toMicros(to)));
        params.addAll(channels);
        return db.query("SELECT " + CHANNEL + " AS channel, (m.authored_at / ?) * ? AS bucket, COUNT(*) AS messages "
                        + "FROM " + JdbcMessageStore.PUBLIC_FROM + " WHERE m.authored_at >= ? AND m.authored_at < ?"
                        + (channels.isEmpty() ? "" : " AND " + CHANNEL + " IN (" + JdbcMessageStore.placeholders(channels.size()) + ")")
                        + " GROUP BY 1, 2 ORDER BY 1, 2",
                row -> new SeriesPoint(row.getString("channel"), Timestamps.fromMicros(row.getLong("bucket")),
                        row.getLong("messages")),
                params.toArray());
    }

    @Override
    public List<ChatSession> sessionsOverlapping(Instant from, Instant to) {
        return db.query("SELECT owner_id, client_id, start_time, end_time FROM chat_sessions "
                        + "WHERE start_time < ? AND end_time > ?",
                row -> new ChatSession(row.getString("owner_id"), row.getString("client_id"),
                        Timestamps.fromMicros(row.getLong("start_time")), Timestamps.fromMicros(row.getLong("end_time"))),
                Timestamps.toMicros(to), Timestamps.toMicros(from));
    }
}
