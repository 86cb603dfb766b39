package io.onrabble.concurrent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets something happen at most once per interval, across threads: during an outage every request
 * fails, and one log line per interval says so instead of one per request.
 */
public final class Throttle {
    private final long intervalNanos;
    private final AtomicLong last;

    public Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** True for the first caller once the interval has passed since the last true. */
    public boolean allow() {
        var now = System.nanoTime();
        var previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
