package io.onrabble.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window at one offered rate. {@code offered} is what the schedule asked for,
 * {@code sent} what the publishers wrote, {@code pushedBack} what they did not because their
 * socket pushed back (the rest of the difference: the tool's own timer fell behind), {@code refused} the
 * {@code error} frames the publishers got (rate limit, ...), {@code deliveredInWindow} the bench
 * messages the subscribers read during the window and {@code delivered} those read by the end of the
 * drain; {@code latency} holds send-to-receive times in microseconds.
 */
record StepResult(int step, double rate, double seconds, long offered, long sent, long pushedBack, long refused,
                  int subscribers,
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

    /** Offered but neither sent nor pushed back: the tool could not keep its own schedule. */
    long fellBehind() {
        return Math.max(0, offered - sent - pushedBack);
    }

    double sentPerSecond() {
        return sent / seconds;
    }
}
