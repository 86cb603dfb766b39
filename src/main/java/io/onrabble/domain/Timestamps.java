package io.onrabble.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 timestamps as the original server wrote them: UTC with {@code Z} and fractional seconds
 * with trailing zeros trimmed. Server time is kept to microseconds so a message reads back from
 * either database exactly as it was first sent.
 */
public final class Timestamps {
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder().appendInstant(-1).toFormatter();

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return RFC3339.format(instant);
    }

    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
