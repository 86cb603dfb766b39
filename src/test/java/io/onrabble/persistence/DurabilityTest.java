package io.onrabble.persistence;

import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.PrivateRedis;
import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durability 'database' (the default with Valkey) under a steady load of acked sends: an ack means
 * committed to PostgreSQL, whatever Valkey loses, and a database outage refuses sends, each with
 * its nonce, storing nothing twice (docs/operations.md).
 */
class DurabilityTest {

    @Test
    void aValkeyThatComesBackEmptyLosesNoAckedMessageAndHandsOutNoIdTwice() throws Exception {
        try (var postgres = TestPostgres.create(); var redis = PrivateRedis.start()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var server = TestServer.start("DATABASE_URL", postgres.url(), "VALKEY_URL", redis.url());
            try (server) {
                var clients = List.of(LoadClient.start(server.wsUri(server.token("alice")), "alice", 4),
                        LoadClient.start(server.wsUri(server.token("bob")), "bob", 4));
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= 200);

                redis.restartEmpty();
                var ackedBeforeReturn = acked(clients).size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked(clients).size() >= ackedBeforeReturn + 200);

                for (var client : clients) {
                    client.stop();
                }
                var acked = acked(clients);
                try (var db = postgres.open()) {
                    assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty();
                }
                assertThat(acked.values()).doesNotHaveDuplicates();
                assertThat(refused(clients).values()).containsOnly("unavailable");
                for (var client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aDatabaseCutRefusesSendsWithTheirNonceAndNothingIsLostOrStoredTwice() throws Exception {
        try (var postgres = TestPostgres.create(); var proxy = new TcpProxy("127.0.0.1", 5432);
             var redis = PrivateRedis.start()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var server = TestServer.start("DATABASE_URL", postgres.url(proxy.hostPort()), "VALKEY_URL", redis.url());
            try (server) {
                var clients = List.of(LoadClient.start(server.wsUri(server.token("alice")), "alice", 2),
                        LoadClient.start(server.wsUri(server.token("bob")), "bob", 2));
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= 50);

                var refusedBeforeCut = refused(clients).keySet();
                proxy.cut();
                // Each refusal names its send (LoadClient counts only errors that carry a nonce), so senders keep going.
                await().atMost(Duration.ofSeconds(20)).until(() -> refused(clients).size() >= 100);
                var ackedDuringCut = acked(clients).size();
                await().atMost(Duration.ofSeconds(20)).until(() -> refused(clients).size() >= 200);
                // At most what was in flight when the cut came (two windows of two) is acked after it.
                assertThat(acked(clients).size()).isLessThanOrEqualTo(ackedDuringCut + 4);
                // Nothing else on the chat path waits for the database: a user connects (bans are checked from
                // memory), and a private message is refused at once, with its nonce, its recipient's name from memory.
                try (var carol = TestClient.connect(server.wsUri(server.token("carol")))) {
                    carol.skipTo("connected_users");
                    var sent = System.nanoTime();
                    carol.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + TestServer.userId("bob")
                            + "\",\"message\":\"psst\",\"nonce\":\"dm-1\"}");
                    var refusal = carol.skipTo("error").path("payload");
                    assertThat(refusal.path("code").asText()).isEqualTo("unavailable");
                    assertThat(refusal.path("nonce").asText()).isEqualTo("dm-1");
                    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
                }

                proxy.restore();
                var refusedInCut = new HashSet<>(refused(clients).keySet());
                refusedInCut.removeAll(refusedBeforeCut);
                var ackedBeforeReturn = acked(clients).size();
                var restored = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .until(() -> acked(clients).size() > ackedBeforeReturn);
                var backAfter = Duration.ofNanos(System.nanoTime() - restored);
                await().atMost(Duration.ofSeconds(20)).until(() -> acked(clients).size() >= ackedBeforeReturn + 50);

                for (var client : clients) {
                    client.stop();
                }
                var acked = acked(clients);
                var refused = refused(clients);
                assertThat(refused.values()).containsOnly("unavailable");
                assertThat(acked.keySet()).doesNotContainAnyElementsOf(refused.keySet());
                try (var db = postgres.open()) {
                    assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty();
                    // What the outage refused was not stored, except what was in flight when the cut came (at most
                    // two windows of two): a commit whose answer the cut lost may have happened (docs/operations.md).
                    assertThat(refusedInCut).isNotEmpty();
                    var storedAnyway = new HashSet<>(Persisted.idsByText(db).keySet());
                    storedAnyway.retainAll(refusedInCut);
                    assertThat(storedAnyway).hasSizeLessThanOrEqualTo(4);
                }
                assertThat(backAfter).as("sends are acked again soon after the database returns")
                        .isLessThan(Duration.ofSeconds(10)); // the probe runs every 500 ms; the margin is for a loaded CI machine
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
