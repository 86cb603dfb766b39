package io.onrabble.persistence;

import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.PrivateRedis;
import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Production mode while PostgreSQL or Valkey goes away and comes back, under load. */
class OutageTest {

    /** Durability 'valkey' buffers in Valkey's queue while the database is away. */
    @Test
    void chatGoesOnWhileTheDatabaseIsDownAndNothingAckedIsLost() throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared();
             var proxy = new TcpProxy("127.0.0.1", 5432)) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var server = TestServer.start("DATABASE_URL", postgres.url(proxy.hostPort()), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "100ms", "DURABILITY", "valkey");
            try (server) {
                var clients = List.of(LoadClient.start(server.wsUri(server.token("alice")), "alice", 2),
                        LoadClient.start(server.wsUri(server.token("bob")), "bob", 2));
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= 50);

                proxy.cut();
                var beforeCut = acked(clients).size();
                // The queue holds while the flusher backs off: senders keep getting acks.
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= beforeCut + 200);
                try (var db = postgres.open()) {
                    assertThat(Persisted.missingOrDuplicated(db, acked(clients))).isNotEmpty();
                }
                proxy.restore();

                for (var client : clients) {
                    client.stop();
                }
                var acked = acked(clients);
                assertThat(clients).allSatisfy(c -> assertThat(c.refused()).isEmpty());
                try (var db = postgres.open()) {
                    await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                            assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty());
                }
                for (var client : clients) {
                    client.close();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"database", "valkey"})
    void whileValkeyIsDownSendersGetUnavailableAndNothingUnstoredIsAcked(String durability) throws Exception {
        try (var postgres = TestPostgres.create(); var redis = PrivateRedis.start()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var server = TestServer.start("DATABASE_URL", postgres.url(), "VALKEY_URL", redis.url(), "FLUSH_INTERVAL", "100ms",
                    "DURABILITY", durability);
            try (server) {
                var clients = List.of(LoadClient.start(server.wsUri(server.token("alice")), "alice", 1),
                        LoadClient.start(server.wsUri(server.token("bob")), "bob", 1));
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= 30);

                redis.kill();
                await().atMost(Duration.ofSeconds(20)).until(() -> refused(clients).size() >= 10);
                redis.startAgain();
                var ackedBeforeReturn = acked(clients).size();
                await().atMost(Duration.ofSeconds(60)).until(() -> acked(clients).size() >= ackedBeforeReturn + 30);

                for (var client : clients) {
                    client.stop();
                }
                var acked = acked(clients);
                var refused = refused(clients);
                assertThat(refused.values()).containsOnly("unavailable");
                assertThat(acked.keySet()).doesNotContainAnyElementsOf(refused.keySet());
                try (var db = postgres.open()) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty());
                }
                for (var client : clients) {
                    client.close();
                }
            }
        }
    }

    private static Map<String, Long> acked(List<LoadClient> clients) {
        var all = new HashMap<String, Long>();
        clients.forEach(client -> all.putAll(client.acked()));
        return all;
    }

    private static Map<String, String> refused(List<LoadClient> clients) {
        var all = new HashMap<String, String>();
        clients.forEach(client -> all.putAll(client.refused()));
        return all;
    }
}
