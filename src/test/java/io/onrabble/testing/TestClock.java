package io.onrabble.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server's clock in tests: real time by default, or frozen at a chosen instant; either can be
 * moved forward, so a test can let an hour pass (a temporary ban, a session) without sleeping.
 */
public final class TestClock extends Clock {
    private volatile Instant frozen;
    private volatile Duration offset = Duration.ZERO;

    /** Stops the clock at {@code instant}; it then moves only by {@link #advance}. */
    public void freeze(Instant instant) {
        frozen = instant;
        offset = Duration.ZERO;
    }

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    @Override
    public Instant instant() {
        var base = frozen;
        return (base == null ? Instant.now() : base).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the server clock is UTC");
    }
}
