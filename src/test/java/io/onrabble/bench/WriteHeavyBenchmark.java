package io.onrabble.bench;

import io.onrabble.store.Database;
import io.onrabble.testing.ChildServer;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The write-heavy workload: {@code subscribers} connections that only receive and {@code publishers}
 * that each keep {@code in-flight} public messages outstanding; every connection receives every
 * message. The server runs in a process of its own ({@code embedded}: SQLite; {@code database} or
 * {@code valkey}: PostgreSQL + Valkey with that durability), started through
 * {@code -Dbench.server.launcher} (e.g. "taskset -c 0") so that the load generator (this JVM,
 * started under "taskset -c 1") keeps to the other core.
 *
 * <p>Measured over a window that starts after a warm-up (JIT, pools, first batches), from deltas
 * of counters read at its two ends: acks the publishers received, messages the server counted in,
 * broadcasts the subscribers received, CPU used by the server and by this JVM (a load generator
 * near 100 % of its core is the bottleneck, and the figure says so), commit batches. After the
 * window every publisher stops at once, the messages in flight are answered, and every acked
 * message is looked up in the database. Not a test: run it by hand, see docs/benchmarks.md.
 * Arguments: subscribers, publishers, in-flight, warm-up seconds, seconds, durability.
 */
public final class WriteHeavyBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Sample(long nanos, double accepted, long acked, long received, Duration serverCpu,
                          long generatorCpuNanos, double commitBatches, String metrics) {
    }

    private WriteHeavyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var publishers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        var window = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        var warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        var seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        var durability = args.length > 5 ? args[5] : "database";
        var launcher = System.getProperty("bench.server.launcher", "");
        var dataDir = Files.createTempDirectory("onrabble-bench");
        System.out.printf("%s load average %s%n", Instant.now(), loadAverage());
        if ("embedded".equals(durability)) {
            try (var db = Database.sqlite(dataDir)) {
                Persisted.allowManyMessages(db);
            }
            run(dataDir, Map.of("METRICS_TOKEN", "bench"), () -> Database.sqlite(dataDir), launcher,
                    subscribers, publishers, window, warmUp, seconds, durability);
            return;
        }
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var settings = Map.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "DURABILITY", durability, "METRICS_TOKEN", "bench",
                    "FLUSH_INTERVAL", "1s", "FLUSH_BATCH_SIZE", "500");
            run(dataDir, settings, postgres::open, launcher, subscribers, publishers, window, warmUp, seconds, durability);
        }
    }

    private static void run(Path dataDir, Map<String, String> settings, Supplier<Database> database, String launcher,
                            int subscribers, int publishers, int window, int warmUp, int seconds, String durability)
            throws Exception {
        try (var server = ChildServer.start(dataDir, settings,
                launcher.isBlank() ? List.of() : List.of(launcher.trim().split("\\s+")));
             var db = database.get()) {
            var listeners = new ArrayList<LeanClient>();
            for (int i = 0; i < subscribers; i++) {
                listeners.add(LeanClient.connect(server.port(), server.token("reader" + i), "reader" + i, 0));
            }
            var load = new ArrayList<LeanClient>();
            for (int i = 0; i < publishers; i++) {
                load.add(LeanClient.connect(server.port(), server.token("writer" + i), "writer" + i, window));
            }
            load.forEach(LeanClient::begin);
            Thread.sleep(Duration.ofSeconds(warmUp));
            var start = sample(server, listeners, load);
            Thread.sleep(Duration.ofSeconds(seconds));
            var end = sample(server, listeners, load);
            var endLoad = loadAverage();

            for (var client : load) {
                client.stopSending();
            }
            var settleBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!load.stream().allMatch(LeanClient::settled) && System.nanoTime() < settleBy) {
                Thread.sleep(50); // a benchmark polls; there is no test condition to await
            }
            var acked = new HashMap<String, Long>();
            load.forEach(client -> acked.putAll(client.acked()));
            var refused = load.stream().mapToLong(c -> c.refused().size()).sum();
            var storedBy = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (db.queryOne("SELECT COUNT(*) FROM chat_messages", row -> row.getLong(1)).orElse(0L) < acked.size()
                    && System.nanoTime() < storedBy) {
                Thread.sleep(50); // durability 'valkey' writes to the database after the ack
            }
            var missing = Persisted.missingOrDuplicated(db, acked).size();
            var closed = load.stream().filter(LeanClient::isClosed).count()
                    + listeners.stream().filter(LeanClient::isClosed).count();
            for (var client : load) {
                client.close();
            }
            for (var client : listeners) {
                client.close();
            }

            var elapsed = (end.nanos() - start.nanos()) / 1e9;
            var acks = (end.acked() - start.acked()) / elapsed;
            var batches = end.commitBatches() - start.commitBatches();
            System.out.printf("durability=%s subscribers=%d publishers=%d in-flight/publisher=%d warm-up=%d s window=%.1f s%n",
                    durability, subscribers, publishers, window, warmUp, elapsed);
            System.out.printf("acked: %.0f msg/s (acks the publishers received in the window)%n", acks);
            System.out.printf("server counted in: %.0f msg/s; each subscriber received %.0f msg/s%n",
                    (end.accepted() - start.accepted()) / elapsed,
                    (end.received() - start.received()) / elapsed / Math.max(1, subscribers));
            System.out.printf("cpu in the window: server %.0f %% of a core, load generator %.0f %% of a core%n",
                    100 * cpuSeconds(end.serverCpu().minus(start.serverCpu())) / elapsed,
                    100 * (end.generatorCpuNanos() - start.generatorCpuNanos()) / 1e9 / elapsed);
            var batchName = "valkey".equals(durability) ? "onrabble_flush_batch_seconds" : "onrabble_commit_batch_seconds";
            System.out.printf("%s batches in the window: %.0f (%.1f messages each), latency %s, max %s s%n",
                    "valkey".equals(durability) ? "flush" : "commit", batches,
                    batches == 0 ? 0 : acks * elapsed / batches, quantiles(end.metrics(), batchName),
                    value(end.metrics(), batchName + "_max"));
            System.out.printf("acked in the whole run: %d; refused: %d; missing or duplicated in the database: %d%n",
                    acked.size(), refused, missing);
            System.out.printf("connections closed before the end: %d of %d%n", closed, subscribers + publishers);
            System.out.printf("%s load average at the window's end %s%n", Instant.now(), endLoad);
        }
    }

    private static Sample sample(ChildServer server, List<LeanClient> listeners, List<LeanClient> load) throws Exception {
        var metrics = HTTP.send(HttpRequest.newBuilder(server.httpUri("/metrics"))
                .header("Authorization", "Bearer bench").build(), HttpResponse.BodyHandlers.ofString()).body();
        var accepted = metrics.lines().filter(line -> line.startsWith("onrabble_messages_in_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        var batches = number(metrics, "onrabble_commit_batch_seconds_count")
                + number(metrics, "onrabble_flush_batch_seconds_count");
        var generator = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Sample(System.nanoTime(), accepted, load.stream().mapToLong(LeanClient::ackedCount).sum(),
                listeners.stream().mapToLong(LeanClient::received).sum(), server.cpuTime(),
                generator.getProcessCpuTime(), batches, metrics);
    }

    private static double cpuSeconds(Duration cpu) {
        return cpu.toNanos() / 1e9;
    }

    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static double number(String metrics, String name) {
        var found = value(metrics, name);
        return "?".equals(found) ? 0 : Double.parseDouble(found);
    }

    private static String value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }

    private static String quantiles(String metrics, String name) {
        var pattern = Pattern.compile(name + "\\{quantile=\"([0-9.]+)\"[^}]*} ([0-9.Ee-]+)");
        var found = new HashMap<String, String>();
        var matcher = pattern.matcher(metrics);
        while (matcher.find()) {
            found.put(matcher.group(1), String.format("%.1f ms", Double.parseDouble(matcher.group(2)) * 1000));
        }
        return "p50=" + found.getOrDefault("0.5", "?") + " p95=" + found.getOrDefault("0.95", "?")
                + " p99=" + found.getOrDefault("0.99", "?");
    }
}
