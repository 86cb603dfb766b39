package io.onrabble.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window at one offered rate. {@code offered} is what the schedule asked for,
 * {@code sent} what the publishers wrote (less when their sockets pushed back), {@code refused} the
 * {@code error} frames the publishers got (rate limit, ...), {@code deliveredInWindow} the bench
 * messages the subscribers read during the window and {@code delivered} those read by the end of the
 * drain; {@code latency} holds send-to-receive times in microseconds.
 */
record StepResult(int step, double rate, double seconds, long offered, long sent, long refused, int subscribers,
                  long deliveredInWindow, long delivered, long closed, Histogram latency) {

    /** Every sent message reaches every subscriber. */
    long expected() {
        return sent * subscribers;
    }

    /** The fraction of expected deliveries that never arrived (refused messages count as lost). */
    double loss() {
        long expected = expected();
        return expected == 0 ? 0 : Math.max(0, expected - delivered) / (double) expected;
    }

    double deliveriesPerSecond() {
        return deliveredInWindow / seconds;
    }

    double sentPerSecond() {
        return sent / seconds;
    }
}
