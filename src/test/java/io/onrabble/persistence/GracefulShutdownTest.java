package io.onrabble.persistence;

import io.onrabble.testing.ChildServer;
import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGTERM: clients are told the server is going away, sessions are recorded, the queue is flushed, nothing acked is lost. */
class GracefulShutdownTest {
    @TempDir
    Path dataDir;

    @Test
    void sigtermClosesClientsRecordsSessionsAndFlushesTheWholeQueue() throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            // An interval longer than the test: only the final flush can empty the queue.
            var settings = Map.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "1h", "SHUTDOWN_TIMEOUT", "10s",
                    "DURABILITY", "valkey");
            try (var server = ChildServer.start(dataDir, settings)) {
                var clients = new ArrayList<LoadClient>();
                for (var name : List.of("alice", "bob", "carol")) {
                    clients.add(LoadClient.start(server.wsUri(name), name, 2));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.stream().mapToInt(c -> c.acked().size()).sum() >= 100);
                assertThat(valkey.commands().xlen(valkey.prefix() + "queue")).isPositive();

                var took = server.terminate();

                assertThat(took).isLessThan(Duration.ofSeconds(15));
                assertThat(server.exitValue()).as("exit status after a graceful stop").isZero();
                var acked = new HashMap<String, Long>();
                for (var client : clients) {
                    assertThat(client.client().awaitClose()).isEqualTo(1001);
                    client.close();
                    acked.putAll(client.acked());
                }
                assertThat(valkey.commands().xlen(valkey.prefix() + "queue")).isZero();
                try (var db = postgres.open()) {
                    assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty();
                    assertThat(db.query("SELECT owner_id FROM chat_sessions", row -> row.getString(1))).hasSize(3);
                }
            }
        }
    }
}
