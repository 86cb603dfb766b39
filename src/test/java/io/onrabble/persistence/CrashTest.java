package io.onrabble.persistence;

import io.onrabble.store.Database;
import io.onrabble.testing.ChildServer;
import io.onrabble.testing.LoadClient;
import io.onrabble.testing.Persisted;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a server under steady load: after a restart, every message the server acknowledged
 * is in the database exactly once. Run in production mode (Valkey + PostgreSQL) and embedded mode.
 */
class CrashTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"database", "valkey"})
    void noAcknowledgedMessageIsLostWhenTheProductionServerIsKilled(String durability) throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            try (var db = postgres.open()) {
                Persisted.allowManyMessages(db);
            }
            var settings = Map.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "300ms", "FLUSH_CLAIM_IDLE", "1s",
                    "DURABILITY", durability);

            killUnderLoadAndRestart(settings, postgres::open);
            assertThat(valkey.commands().xlen(valkey.prefix() + "queue")).isZero();
        }
    }

    @Test
    void noAcknowledgedMessageIsLostWhenTheEmbeddedServerIsKilled() throws Exception {
        try (var db = Database.sqlite(dataDir)) {
            Persisted.allowManyMessages(db);
        }
        killUnderLoadAndRestart(Map.of(), () -> Database.sqlite(dataDir));
    }

    private void killUnderLoadAndRestart(Map<String, String> settings, Supplier<Database> database) throws Exception {
        try (var server = ChildServer.start(dataDir, settings)) {
            var clients = new ArrayList<LoadClient>();
            for (var name : List.of("alice", "bob", "carol")) {
                clients.add(LoadClient.start(server.wsUri(name), name, 4));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acked(clients).size() >= 300);

            server.kill();

            for (var client : clients) {
                client.close();
            }
            var acked = acked(clients);
            assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

            server.startAgain();

            try (var db = database.get()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(Persisted.missingOrDuplicated(db, acked)).isEmpty());
            }
        }
    }

    private static Map<String, Long> acked(List<LoadClient> clients) {
        var all = new HashMap<String, Long>();
        clients.forEach(client -> all.putAll(client.acked()));
        return all;
    }
}
