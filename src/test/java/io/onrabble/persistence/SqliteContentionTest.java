package io.onrabble.persistence;

import io.onrabble.testing.LoadClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Embedded mode under write contention: users connect and disconnect (user and session writes)
 * while others send, and another process keeps read transactions open on the database file. SQLite
 * answers such contention with SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT (a transaction that read, then
 * writes after another connection committed); the server waits or retries, so no send is refused
 * as {@code unavailable} and no admin change answers 503.
 */
class SqliteContentionTest {

    @Test
    void aBusyDatabaseNeverRefusesASendOrAnAdminChange() throws Exception {
        try (var server = TestServer.withRateLimit(100_000, 1)) {
            var running = new AtomicBoolean(true);
            var churns = new AtomicInteger();
            var background = new ArrayList<Thread>();
            // A reader outside the server: snapshots held open across the server's commits.
            background.add(Thread.ofPlatform().start(() -> {
                try (var reader = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("onrabble.db"))) {
                    reader.setAutoCommit(false);
                    while (running.get()) {
                        try (var query = reader.createStatement().executeQuery(
                                "SELECT COUNT(*) FROM chat_messages UNION ALL SELECT COUNT(*) FROM chat_sessions")) {
                            while (query.next()) {
                                query.getLong(1);
                            }
                        }
                        reader.commit();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            for (int i = 0; i < 4; i++) {
                var name = "churn" + i;
                background.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        server.connect(name).close();
                        churns.incrementAndGet();
                    }
                }));
            }
            // Admin changes read, then write, in one transaction, while every other writer commits.
            var admin = server.adminToken("root");
            var adminStatuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
            background.add(Thread.ofPlatform().start(() -> {
                var id = 0L;
                while (running.get()) {
                    try {
                        id += 3;
                        adminStatuses.add(server.send("DELETE", "/messages", admin, "{\"ids\":[" + id + "]}").statusCode());
                        adminStatuses.add(server.send("PATCH", "/channels", admin,
                                "{\"id\":1,\"description\":\"round " + id + "\"}").statusCode());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
            var senders = new ArrayList<LoadClient>();
            for (int i = 0; i < 4; i++) {
                senders.add(LoadClient.start(server.wsUri(server.token("sender" + i)), "sender" + i, 8));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> churns.get() >= 60 && adminStatuses.size() >= 150
                    && senders.stream().mapToInt(s -> s.acked().size() + s.refused().size()).sum() >= 1_000);
            running.set(false);
            for (var sender : senders) {
                sender.stop();
            }
            for (var thread : background) {
                thread.join();
            }
            assertThat(senders).allSatisfy(sender -> assertThat(sender.refused()).isEmpty());
            assertThat(adminStatuses).allSatisfy(status -> assertThat(status).isIn(200, 204, 404));
            for (var sender : senders) {
                sender.close();
            }
        }
    }
}
