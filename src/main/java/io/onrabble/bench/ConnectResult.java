package io.onrabble.bench;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * A connect storm: {@code live} of {@code total} connections received their presence snapshot
 * within {@code seconds} of the first handshake; {@code timeToLive} holds each one's time from its
 * handshake to its snapshot in microseconds; {@code failures} counts the others by reason.
 */
record ConnectResult(int total, int live, int concurrency, double seconds, Histogram timeToLive,
                     Map<String, Long> failures) {

    int failed() {
        return total - live;
    }
}
