package io.onrabble.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.Mode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live admin feed: a snapshot after the connect sequence, then coalesced updates at most once per interval. */
@ParameterizedClass
@EnumSource(Mode.class)
class AdminFeedTest {
    @Parameter
    Mode mode;

    private static final Duration INTERVAL = Duration.ofMillis(400);

    private TestServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = mode.start("ADMIN_FEED_INTERVAL", INTERVAL.toMillis() + "ms");
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    private TestClient raw(String token) {
        var client = TestClient.connect(server.wsUri(token));
        clients.add(client);
        return client;
    }

    @Test
    void anAdminDashboardGetsASnapshotRightAfterTheConnectSequence() throws Exception {
        var alice = raw(server.token("alice"));
        alice.skipTo("connected_users");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\",\"nonce\":\"1\"}");
        alice.skipTo("ack");

        var dashboard = raw(server.adminToken("root"));
        dashboard.next("bulk_chat_messages");
        dashboard.next("active_channels");
        dashboard.next("connected_users");
        var snapshot = dashboard.next("analytics_snapshot");
        assertThat(snapshot.path("sender").asText()).isEqualTo("Server");
        assertThat(snapshot.path("payload").path("online_users").asInt()).isEqualTo(1);
        assertThat(snapshot.path("payload").path("message_count_by_channel").toString())
                .isEqualTo("[{\"channel\":\"General\",\"message_count\":1}]");
        assertThat(Instant.parse(snapshot.path("payload").path("as_of").asText())).isNotNull();
    }

    @Test
    void otherConnectionsGetNoFeed() throws Exception {
        var plainDashboard = raw(server.issuerToken("viewer", false, "WebClient"));
        plainDashboard.skipTo("connected_users");
        var adminChatClient = raw(server.adminToken("root", "ChatClient"));
        adminChatClient.skipTo("connected_users");
        var alice = raw(server.token("alice"));
        alice.skipTo("connected_users");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\"}");

        for (var client : List.of(plainDashboard, adminChatClient)) {
            var deadline = System.nanoTime() + INTERVAL.multipliedBy(3).toNanos();
            while (System.nanoTime() < deadline) {
                var frame = client.poll(Duration.ofMillis(100));
                if (frame != null) {
                    assertThat(frame.path("type").asText()).doesNotStartWith("analytics_");
                }
            }
        }
    }

    @Test
    void aBurstYieldsAtMostOneUpdatePerIntervalCarryingEveryMessage() throws Exception {
        server.send("PATCH", "/ratelimits", server.adminToken("root"), "{\"id\":1,\"message_limit\":10000,\"window_seconds\":60}");
        var dashboard = raw(server.adminToken("root"));
        dashboard.skipTo("analytics_snapshot");
        var alice = raw(server.token("alice"));
        alice.skipTo("connected_users");

        var burstStart = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - burstStart < INTERVAL.multipliedBy(4).toNanos()) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"m" + sent + "\",\"nonce\":\"" + sent + "\"}");
            alice.skipTo("ack");
            sent++;
        }

        var updates = new ArrayList<JsonNode>();
        long counted = 0;
        while (counted < sent) {
            var update = dashboard.skipTo("analytics_update").path("payload");
            updates.add(update);
            counted += update.path("public_messages").asLong();
        }
        assertThat(counted).isEqualTo(sent);
        assertThat(sent).isGreaterThan(20);
        assertThat(updates.size()).isBetween(2, sent / 5);
        for (int i = 0; i < updates.size(); i++) {
            var update = updates.get(i);
            if (i > 0) {
                // Each update covers the time since the previous one: updates are never closer together than an interval.
                var window = Duration.between(Instant.parse(update.path("from").asText()), Instant.parse(update.path("to").asText()));
                assertThat(window).isGreaterThanOrEqualTo(INTERVAL.minusMillis(5));
                assertThat(update.path("from").asText()).isEqualTo(updates.get(i - 1).path("to").asText());
            }
            var perChannel = 0L;
            for (var channel : update.path("channels")) {
                perChannel += channel.path("message_count").asLong();
            }
            assertThat(perChannel).isEqualTo(update.path("public_messages").asLong());
        }
    }
}
