package io.onrabble.bench;

import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sustained persisted messages per second through the whole production path (WebSocket, Valkey
 * script, stream, flusher, PostgreSQL) and the flusher's batch latency. Not a test: run it by hand,
 * see docs/benchmarks.md for the command. Arguments: clients, messages in flight per client, seconds.
 */
public final class PersistenceBenchmark {
    private static final Pattern QUANTILE = Pattern.compile(
            "onrabble_flush_batch_seconds\\{quantile=\"([0-9.]+)\"[^}]*} ([0-9.Ee-]+)");

    private PersistenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        var window = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        var seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            try (var server = TestServer.start("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "1s", "FLUSH_BATCH_SIZE", "500");
                 var db = postgres.open()) {
                var load = new ArrayList<LoadClient>();
                for (int i = 0; i < clients; i++) {
                    load.add(LoadClient.connect(server.wsUri(server.token("bench" + i)), "bench" + i, window));
                }
                load.forEach(LoadClient::begin);
                var started = System.nanoTime();
                Thread.sleep(Duration.ofSeconds(seconds));
                for (var client : load) {
                    client.stop();
                }
                var sendSeconds = (System.nanoTime() - started) / 1e9;
                var acked = new HashMap<String, Long>();
                load.forEach(client -> acked.putAll(client.acked()));
                while (db.queryOne("SELECT COUNT(*) FROM chat_messages", row -> row.getLong(1)).orElse(0L) < acked.size()) {
                    Thread.sleep(50); // a benchmark polls; there is no test condition to await
                }
                var allStoredSeconds = (System.nanoTime() - started) / 1e9;
                var lost = Persisted.missingOrDuplicated(db, acked).size();
                var dropped = load.stream().filter(client -> client.client().isClosed()).count();
                System.out.printf("connections the server closed during the run: %d of %d, codes %s%n", dropped, clients,
                        load.stream().filter(c -> c.client().isClosed()).map(c -> c.client().awaitClose()).distinct().toList());
                for (var client : load) {
                    client.close();
                }
                var metrics = server.metrics();
                report(clients, window, acked.size(), sendSeconds, allStoredSeconds, lost, metrics);
            }
        }
    }

    private static void report(int clients, int window, int acked, double sendSeconds, double allStoredSeconds,
                               int lost, String metrics) {
        System.out.printf("clients=%d in-flight/client=%d%n", clients, window);
        System.out.printf("acked messages: %d in %.1f s = %.0f msg/s acknowledged%n", acked, sendSeconds, acked / sendSeconds);
        System.out.printf("all stored in PostgreSQL after %.1f s = %.0f msg/s persisted (end to end)%n",
                allStoredSeconds, acked / allStoredSeconds);
        System.out.printf("acked but missing or duplicated in the database: %d%n", lost);
        System.out.printf("flush batches: %s, batch latency %s%n", value(metrics, "onrabble_flush_batch_seconds_count"),
                quantiles(metrics));
        System.out.printf("messages flushed: %s, max batch latency %s s%n", value(metrics, "onrabble_flush_messages_total"),
                value(metrics, "onrabble_flush_batch_seconds_max"));
    }

    private static String value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }

    private static String quantiles(String metrics) {
        Map<String, String> found = new HashMap<>();
        var matcher = QUANTILE.matcher(metrics);
        while (matcher.find()) {
            found.put(matcher.group(1), String.format("%.1f ms", Double.parseDouble(matcher.group(2)) * 1000));
        }
        return List.of("0.5", "0.95", "0.99").stream().map(q -> "p" + (q.equals("0.5") ? "50" : q.substring(2)) + "=" + found.getOrDefault(q, "?"))
                .reduce((a, b) -> a + " " + b).orElse("");
    }
}
