package io.onrabble.bench;

import io.onrabble.testing.ChildServer;
import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The write-heavy workload: {@code subscribers} connections that only receive and {@code publishers}
 * that each keep {@code in-flight} public messages outstanding; every connection receives every
 * message. The server runs in a process of its own (PostgreSQL + Valkey, durability as given),
 * started through {@code -Dbench.server.launcher} (e.g. "taskset -c 0") so that the load generator
 * (this JVM, started under "taskset -c 1") keeps to the other core. Reports acked messages per
 * second, deliveries per second, the commit batch latency (durability 'database') or the flush batch
 * latency ('valkey'), and how many acked messages are missing from PostgreSQL. Not a test: run it by
 * hand, see docs/benchmarks.md. Arguments: subscribers, publishers, in-flight, seconds, durability.
 */
public final class WriteHeavyBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WriteHeavyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var publishers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        var window = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        var seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        var durability = args.length > 4 ? args[4] : "database";
        var launcher = System.getProperty("bench.server.launcher", "");
        var dataDir = Files.createTempDirectory("onrabble-bench");
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var settings = Map.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "DURABILITY", durability, "METRICS_TOKEN", "bench",
                    "FLUSH_INTERVAL", "1s", "FLUSH_BATCH_SIZE", "500");
            try (var server = ChildServer.start(dataDir, settings,
                    launcher.isBlank() ? List.of() : List.of(launcher.trim().split("\\s+")));
                 var db = postgres.open()) {
                var received = new AtomicLong();
                var listeners = new ArrayList<TestClient>();
                var readers = new ArrayList<Thread>();
                for (int i = 0; i < subscribers; i++) {
                    var client = TestClient.connect(server.wsUri("reader" + i));
                    client.skipTo("connected_users");
                    listeners.add(client);
                    readers.add(Thread.ofVirtual().start(() -> count(client, received)));
                }
                var load = new ArrayList<LoadClient>();
                for (int i = 0; i < publishers; i++) {
                    load.add(LoadClient.connect(server.wsUri("writer" + i), "writer" + i, window));
                }
                var started = System.nanoTime();
                load.forEach(LoadClient::begin);
                Thread.sleep(Duration.ofSeconds(seconds));
                // What the server accepted (acked or about to be) in the window, from its own counter: the load
                // generator reads every broadcast before the acks queued behind them, so its own ack count lags.
                var acceptedInWindow = messagesIn(server);
                var ackedInWindow = load.stream().mapToLong(c -> c.acked().size()).sum();
                var receivedInWindow = received.get();
                var elapsed = (System.nanoTime() - started) / 1e9;
                for (var client : load) {
                    client.stop();
                }
                var acked = new HashMap<String, Long>();
                load.forEach(client -> acked.putAll(client.acked()));
                while (db.queryOne("SELECT COUNT(*) FROM chat_messages", row -> row.getLong(1)).orElse(0L) < acked.size()
                        && (System.nanoTime() - started) / 1e9 < seconds + 120) {
                    Thread.sleep(50); // a benchmark polls; there is no test condition to await
                }
                var missing = Persisted.missingOrDuplicated(db, acked).size();
                var closed = load.stream().filter(c -> c.client().isClosed()).count()
                        + listeners.stream().filter(TestClient::isClosed).count();
                var metrics = HTTP.send(HttpRequest.newBuilder(server.httpUri("/metrics"))
                        .header("Authorization", "Bearer bench").build(), HttpResponse.BodyHandlers.ofString()).body();
                for (var client : load) {
                    client.close();
                }
                listeners.forEach(TestClient::close);
                for (var reader : readers) {
                    reader.join(5_000);
                }
                System.out.printf("durability=%s subscribers=%d publishers=%d in-flight/publisher=%d seconds=%d%n",
                        durability, subscribers, publishers, window, seconds);
                System.out.printf("server accepted: %.0f in %.1f s = %.0f msg/s (onrabble_messages_in_total)%n",
                        acceptedInWindow, elapsed, acceptedInWindow / elapsed);
                System.out.printf("acks read by the load generator in the window: %.0f msg/s; subscribers read %.0f msg/s each%n",
                        ackedInWindow / elapsed, receivedInWindow / elapsed / Math.max(1, subscribers));
                System.out.printf("acked but missing or duplicated in PostgreSQL: %d of %d%n", missing, acked.size());
                System.out.printf("connections the server closed (slow consumers): %d of %d%n", closed, subscribers + publishers);
                System.out.printf("commit batches (database): %s, latency %s, max %s s%n",
                        value(metrics, "onrabble_commit_batch_seconds_count"), quantiles(metrics, "onrabble_commit_batch_seconds"),
                        value(metrics, "onrabble_commit_batch_seconds_max"));
                System.out.printf("flush batches (valkey): %s, latency %s%n",
                        value(metrics, "onrabble_flush_batch_seconds_count"), quantiles(metrics, "onrabble_flush_batch_seconds"));
            }
        }
    }

    private static double messagesIn(ChildServer server) throws Exception {
        var metrics = HTTP.send(HttpRequest.newBuilder(server.httpUri("/metrics"))
                .header("Authorization", "Bearer bench").build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("onrabble_messages_in_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void count(TestClient client, AtomicLong received) {
        try {
            while (!client.isClosed()) {
                var frame = client.poll(100);
                if (frame != null && "chat_message".equals(frame.path("type").asText())) {
                    received.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
