package io.onrabble.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a {@link BenchPlan}: connect storm, then one measured rate, a sweep of rising rates, or idle
 * connections. Results go to {@code out}; the line a second of progress to {@code progress}.
 */
final class Bench {
    /** The drain after a window ends: wait for the last deliveries at most this long, and give up after a quiet second. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchPlan plan;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final String channelJson;
    /** The last step's client CPU use: the check that this tool is not the bottleneck. */
    private String clientCpu = "";

    Bench(BenchPlan plan, PrintWriter out, PrintWriter progress) throws IOException {
        this.plan = plan;
        this.out = out;
        this.progress = progress;
        this.channelJson = JSON.writeValueAsString(plan.channel());
    }

    /** 0 when every connection went live and stayed open, else 1. */
    int run(Tokens tokens) throws IOException, InterruptedException {
        out.println(String.format(Locale.ROOT, "bench %s: %d subscribers, %d publishers, %d concurrent handshakes, "
                        + "%d event loop(s); load average (1 min) %s", plan.url(), plan.subscribers(), plan.publishers(),
                plan.concurrency(), plan.eventLoops(), loadAverage()));
        out.flush();
        try (var fleet = new Fleet(plan.url(), plan.query(), plan.eventLoops(), plan.connections())) {
            var connected = fleet.connect(tokens.publishers(), tokens.subscribers(), plan.concurrency(),
                    plan.connectTimeout().toSeconds(), seconds -> line(String.format(Locale.ROOT, "%4d s  live %d/%d",
                            seconds, fleet.live(), plan.connections())));
            out.println(Report.connect(connected));
            out.flush();
            if (connected.failed() > 0) {
                out.println("not all connections are live; see the failures above"
                        + (connected.failures().keySet().stream().anyMatch(r -> r.contains("429"))
                        ? " (HTTP 429: raise ONRABBLE_WS_MAX_CONNECTIONS_PER_ADDRESS and ONRABBLE_WS_MAX_HANDSHAKES_PER_ADDRESS on the server)"
                        : ""));
                return 1;
            }
            if (plan.connectOnly()) {
                hold(fleet);
            } else {
                measure(fleet, tokens);
            }
            out.println("load average (1 min) at the end " + loadAverage());
            out.flush();
            return fleet.closed() > 0 ? 1 : 0;
        }
    }

    private void hold(Fleet fleet) throws InterruptedException {
        if (plan.hold().isZero()) {
            return;
        }
        out.println("holding " + fleet.live() + " idle connections for " + plan.hold().toSeconds() + " s");
        out.flush();
        long end = System.nanoTime() + plan.hold().toNanos();
        for (long second = 1; System.nanoTime() < end; second++) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (second % 10 == 0) {
                line(String.format(Locale.ROOT, "%4d s  live %d/%d (idle)", second, fleet.live(), plan.connections()));
            }
        }
        if (fleet.closed() > 0) {
            out.println("connections the server closed while idle: " + fleet.closed());
        }
    }

    private void measure(Fleet fleet, Tokens tokens) throws IOException, InterruptedException {
        var limits = tokens.admin() == null ? null : new RateLimits(plan.url(), tokens.admin());
        if (limits == null) {
            out.println("no admin token: the server's rate limit applies to the publishers (refusals count as loss)");
        } else {
            limits.raise(tokens.publishers().stream().map(Tokens::subject).distinct().toList());
        }
        try {
            if (!plan.warmup().isZero()) {
                runStep(fleet, 0, plan.sweep() == null ? plan.rate() : plan.sweep().start(), plan.warmup(), "warm-up ");
            }
            if (plan.sweep() == null) {
                out.println(Report.step(runStep(fleet, 1, plan.rate(), plan.duration(), ""), plan.criteria()));
                out.println(clientCpu);
                return;
            }
            var steps = new ArrayList<StepResult>();
            var rate = java.util.OptionalDouble.of(plan.sweep().start());
            while (rate.isPresent()) {
                var step = runStep(fleet, steps.size() + 1, rate.getAsDouble(), plan.duration(), "");
                steps.add(step);
                out.println(Report.step(step, plan.criteria()));
                out.println(clientCpu);
                out.flush();
                rate = plan.sweep().next(step);
            }
            Optional<StepResult> best = plan.sweep().best(steps);
            out.println(Report.sweep(steps, best));
        } finally {
            if (limits != null) {
                limits.restore();
            }
            out.flush();
        }
    }

    private StepResult runStep(Fleet fleet, int id, double rate, Duration length, String label)
            throws InterruptedException {
        int subscribers = fleet.subscribersLive();
        line(String.format(Locale.ROOT, "%sstep %d: %.0f msg/s for %d s", label, id, rate, length.toSeconds()));
        var latency = new Histogram(3);
        long cpuBefore = processCpuNanos();
        var pacer = fleet.start(id, rate, channelJson);
        long began = System.nanoTime();
        long end = began + length.toNanos();
        long lastDelivered = 0;
        long lastAt = began;
        for (long second = 1; System.nanoTime() < end; second++) {
            Thread.sleep(Math.max(1, Math.min(began + second * 1_000_000_000L, end) - System.nanoTime()) / 1_000_000);
            var lastSecond = fleet.latencySinceLastCall();
            latency.add(lastSecond);
            long delivered = fleet.delivered();
            long at = System.nanoTime();
            line(Report.progress(second, fleet.live(), plan.connections(), fleet.sent(),
                    (delivered - lastDelivered) * 1e9 / Math.max(1, at - lastAt),
                    fleet.sent() * subscribers, delivered, lastSecond));
            lastDelivered = delivered;
            lastAt = at;
        }
        long offered = pacer.stop();
        double seconds = (System.nanoTime() - began) / 1e9;
        clientCpu = String.format(Locale.ROOT, "  this client's CPU during the window: %.0f %% of one core",
                100.0 * (processCpuNanos() - cpuBefore) / (System.nanoTime() - began));
        long inWindow = fleet.delivered();
        long sent = fleet.sent();
        drain(fleet, sent * subscribers);
        latency.add(fleet.latencySinceLastCall());
        return new StepResult(id, rate, seconds, offered, sent, fleet.pushedBack(), fleet.refused(), subscribers, inWindow,
                fleet.delivered(), fleet.closed(), latency);
    }

    /** Waits for the deliveries still in flight: until all arrived, a quiet second passed, or {@link #DRAIN}. */
    private static void drain(Fleet fleet, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long last = -1;
        while (fleet.delivered() < expected && System.nanoTime() < deadline) {
            long now = fleet.delivered();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(QUIET.toMillis());
        }
    }

    private void line(String text) {
        progress.println(text);
        progress.flush();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }
}
