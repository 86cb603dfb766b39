package io.onrabble.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The text the bench command prints: a progress line a second, and the results. */
final class Report {
    private Report() {
    }

    static String progress(long second, int live, int total, long sent, double deliveriesPerSecond,
                           long expected, long delivered, Histogram lastSecond) {
        var line = new StringBuilder(String.format(Locale.ROOT, "%4d s  live %d/%d  sent %d  delivered/s %,.0f",
                second, live, total, sent, deliveriesPerSecond));
        if (lastSecond.getTotalCount() > 0) {
            line.append(String.format(Locale.ROOT, "  p99 %s", millis(lastSecond.getValueAtPercentile(99))));
        }
        if (expected > 0) {
            line.append(String.format(Locale.ROOT, "  not yet delivered %s", percent(Math.max(0, expected - delivered),
                    expected)));
        }
        return line.toString();
    }

    static String connect(ConnectResult result) {
        var text = new StringBuilder(String.format(Locale.ROOT,
                "connect: %d of %d live in %.2f s (%d concurrent handshakes)", result.live(), result.total(),
                result.seconds(), result.concurrency()));
        if (result.timeToLive().getTotalCount() > 0) {
            text.append("\n  handshake to snapshot: ").append(percentiles(result.timeToLive()));
        }
        if (result.failed() > 0) {
            text.append("\n  failed: ").append(result.failures().entrySet().stream()
                    .map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    static String step(StepResult step, Criteria criteria) {
        var text = new StringBuilder(String.format(Locale.ROOT,
                "rate %.0f msg/s for %.1f s: sent %d (%.0f msg/s)%s, deliveries %,.0f/s, loss %s (%d of %d expected deliveries missing)",
                step.rate(), step.seconds(), step.sent(), step.sentPerSecond(),
                unsent(step),
                step.deliveriesPerSecond(), percent(step.expected() - Math.min(step.expected(), step.delivered()),
                        step.expected()),
                Math.max(0, step.expected() - step.delivered()), step.expected()));
        text.append("\n  latency ").append(percentiles(step.latency()));
        if (step.refused() > 0) {
            text.append("\n  refused by the server (error frames): ").append(step.refused());
        }
        if (step.closed() > 0) {
            text.append("\n  connections closed by the server so far: ").append(step.closed());
        }
        text.append(criteria.met(step) ? "\n  sustainable" : "\n  NOT sustainable").append(String.format(Locale.ROOT,
                " (loss ≤ %s, p99 ≤ %s)", percent(Math.round(criteria.maxLoss() * 1_000_000), 1_000_000),
                millis(criteria.maxP99Micros())));
        return text.toString();
    }

    private static String unsent(StepResult step) {
        if (step.sent() >= step.offered()) {
            return "";
        }
        var why = new java.util.ArrayList<String>();
        if (step.pushedBack() > 0) {
            why.add(step.pushedBack() + " held back: the publishers' sockets pushed back (the server did not read)");
        }
        if (step.fellBehind() > 0) {
            why.add(step.fellBehind() + " dropped: this tool's schedule fell behind (is its core busy?)");
        }
        return " of " + step.offered() + " offered (" + String.join("; ", why) + ")";
    }

    static String sweep(List<StepResult> steps, Optional<StepResult> best) {
        return best.map(step -> String.format(Locale.ROOT,
                        "sweep: highest sustainable rate %.0f msg/s = %,.0f deliveries/s (p99 %s, loss %s), %d steps",
                        step.rate(), step.deliveriesPerSecond(), millis(step.latency().getValueAtPercentile(99)),
                        percent(Math.max(0, step.expected() - step.delivered()), step.expected()), steps.size()))
                .orElse("sweep: no step was sustainable, not even the first; lower --rate");
    }

    static String percentiles(Histogram micros) {
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%d samples)",
                millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getValueAtPercentile(99.9)),
                millis(micros.getMaxValue()), micros.getTotalCount());
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "0 %" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / whole);
    }
}
