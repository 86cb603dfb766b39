package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/** The OnRabble protocol end to end over real sockets: connect sequence, broadcast, DMs, presence. */
class ChatProtocolTest {
    private TestServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    private TestClient raw(String username) {
        var client = TestClient.connect(server.wsUri(server.token(username)));
        clients.add(client);
        return client;
    }

    private TestClient connect(String username) {
        var client = raw(username);
        client.skipTo("connected_users");
        return client;
    }

    @Test
    void firstConnectionGetsChannelsThenConnectedUsersIncludingItself() {
        var alice = raw("alice");

        var channels = alice.next("active_channels");
        assertThat(channels.path("sender").asText()).isEqualTo("Server");
        var general = channels.path("payload").path("channels").get(0);
        assertThat(general.path("name").asText()).isEqualTo("General");
        assertThat(general.path("id").isInt()).isTrue();
        assertThat(general.path("sort_order").asInt()).isEqualTo(1);

        var users = alice.next("connected_users");
        assertThat(users.path("payload").path("users")).hasSize(1);
        var me = users.path("payload").path("users").get(0);
        assertThat(me.path("username").asText()).isEqualTo("alice");
        assertThat(me.path("id").asText()).isEqualTo(userId("alice"));
        assertThat(me.path("status").asBoolean()).isTrue();
        assertThat(users.path("users").get(0).asText()).isEqualTo("alice");
    }

    @Test
    void laterConnectionGetsHistoryFirstThenChannelsThenDirectMessagesThenUsers() {
        var alice = connect("alice");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\"}");
        alice.next("chat_message");
        var bobFirst = connect("bob");
        bobFirst.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("alice") + "\",\"message\":\"psst\"}");
        bobFirst.next("private_chat_message");

        var bob = raw("bob");
        var history = bob.next("bulk_chat_messages");
        var message = history.path("payload").path("messages").get(0);
        assertThat(message.path("message").asText()).isEqualTo("hello");
        assertThat(message.path("cacheID").isIntegralNumber()).isTrue();
        assertThat(message.has("id")).isFalse();
        bob.next("active_channels");
        var dms = bob.next("bulk_private_messages");
        assertThat(dms.path("payload").path("messages").get(0).path("recipient").asText()).isEqualTo("alice");
        var users = bob.next("connected_users");
        assertThat(users.path("payload").path("users")).extracting(u -> u.path("username").asText())
                .containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void publicMessageReachesEveryClientIncludingTheSenderWithTheReferenceFields() {
        var alice = connect("alice");
        var bob = connect("bob");
        var carol = connect("carol");

        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hi all\"}");

        for (var client : List.of(alice, bob, carol)) {
            var frame = client.skipTo("chat_message");
            assertThat(frame.path("sender").asText()).isEqualTo("alice");
            var payload = frame.path("payload");
            assertThat(payload.path("owner_id").asText()).isEqualTo(userId("alice"));
            assertThat(payload.path("username").asText()).isEqualTo("alice");
            assertThat(payload.path("channel").asText()).isEqualTo("General");
            assertThat(payload.path("message").asText()).isEqualTo("hi all");
            assertThat(payload.path("authored_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z");
            assertThat(payload.path("cacheID").asLong()).isPositive();
        }
    }

    @Test
    void sendWithNonceIsAcknowledgedWithTheMessageId() {
        var alice = connect("alice");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"x\",\"nonce\":\"n-1\"}");

        var echo = alice.next("chat_message");
        var ack = alice.next("ack");
        assertThat(ack.path("payload").path("nonce").asText()).isEqualTo("n-1");
        assertThat(ack.path("payload").path("id").asLong()).isEqualTo(echo.path("payload").path("cacheID").asLong());
    }

    /**
     * Sends in a row commit together, yet are answered in their order: a send refused at once (no
     * such channel, over the rate limit of 10 a minute) keeps its place among the acks.
     */
    @Test
    void sendsInARowAreAnsweredInTheirOrderWithIncreasingIdsAndRefusalsKeepTheirPlace() {
        var alice = connect("alice");
        for (int i = 0; i < 14; i++) {
            var channel = i == 4 ? "nowhere" : "General";
            alice.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"m" + i
                    + "\",\"nonce\":\"n-" + i + "\"}");
        }

        var answers = new ArrayList<String>();
        var ids = new ArrayList<Long>();
        var echoed = new ArrayList<Long>();
        while (answers.size() < 14) {
            var frame = alice.next();
            var payload = frame.path("payload");
            switch (frame.path("type").asText()) {
                case "ack" -> {
                    answers.add(payload.path("nonce").asText());
                    ids.add(payload.path("id").asLong());
                }
                case "error" -> answers.add(payload.path("nonce").asText() + " " + payload.path("code").asText());
                case "chat_message" -> echoed.add(payload.path("cacheID").asLong());
                default -> { }
            }
        }
        assertThat(answers).containsExactly("n-0", "n-1", "n-2", "n-3", "n-4 unknown_channel", "n-5", "n-6", "n-7",
                "n-8", "n-9", "n-10", "n-11 rate_limited", "n-12 rate_limited", "n-13 rate_limited");
        assertThat(ids).hasSize(10).isSorted().doesNotHaveDuplicates();
        assertThat(echoed).isSorted().isSubsetOf(ids);
    }

    /** A sender that leaves while its sends commit: each is still stored and delivered, once, in order. */
    @Test
    void sendsStillCommittingWhenTheirConnectionClosesAreStoredAndDeliveredOnceInOrder() throws Exception {
        var bob = connect("bob");
        var alice = connect("alice");
        bob.skipTo("user_status");
        for (int i = 0; i < 10; i++) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"m" + i
                    + "\",\"nonce\":\"n-" + i + "\"}");
        }
        alice.close();

        var delivered = new ArrayList<String>();
        while (delivered.size() < 10) {
            delivered.add(bob.skipTo("chat_message").path("payload").path("message").asText());
        }
        assertThat(delivered).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        var later = raw("carol").next("bulk_chat_messages").path("payload").path("messages");
        assertThat(later).extracting(m -> m.path("message").asText())
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void privateMessageReachesEveryConnectionOfSenderAndRecipientOnly() {
        var alice = connect("alice");
        var aliceDashboard = TestClient.connect(server.wsUri(server.adminToken("alice", "WebClient")));
        clients.add(aliceDashboard);
        aliceDashboard.skipTo("connected_users");
        var bob = connect("bob");
        var carol = connect("carol");

        bob.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("alice") + "\",\"message\":\"psst\"}");

        for (var client : List.of(alice, aliceDashboard, bob)) {
            var frame = client.skipTo("private_chat_message");
            assertThat(frame.path("sender").asText()).isEqualTo("bob");
            var payload = frame.path("payload");
            assertThat(payload.path("owner_id").asText()).isEqualTo(userId("bob"));
            assertThat(payload.path("recipient_id").asText()).isEqualTo(userId("alice"));
            assertThat(payload.path("recipient").asText()).isEqualTo("alice");
            assertThat(payload.path("message").asText()).isEqualTo("psst");
        }
        assertThat(nextNonPresence(carol)).isNull();
    }

    private static JsonNode nextNonPresence(TestClient client) {
        try {
            client.quietFor(300);
            return null;
        } catch (AssertionError | InterruptedException e) {
            throw new AssertionError("carol received a frame meant for others", e);
        }
    }

    @Test
    void privateMessageToAnOfflineUserIsDeliveredOnTheirNextConnect() {
        connect("alice").close();
        var bob = connect("bob");

        bob.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("alice") + "\",\"message\":\"later\",\"nonce\":\"d1\"}");
        bob.next("private_chat_message");
        assertThat(bob.next("ack").path("payload").path("nonce").asText()).isEqualTo("d1");

        var alice = raw("alice");
        alice.next("active_channels");
        var dms = alice.next("bulk_private_messages").path("payload").path("messages");
        assertThat(dms).hasSize(1);
        assertThat(dms.get(0).path("message").asText()).isEqualTo("later");
        assertThat(dms.get(0).path("username").asText()).isEqualTo("bob");
    }

    @Test
    void privateMessageToAUserWhoNeverConnectedWaitsForTheirFirstConnect() {
        var bob = connect("bob");
        bob.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("newcomer") + "\",\"message\":\"welcome\",\"nonce\":\"w\"}");
        assertThat(bob.next("private_chat_message").path("payload").path("recipient_id").asText()).isEqualTo(userId("newcomer"));
        bob.next("ack");

        var newcomer = raw("newcomer");
        newcomer.next("active_channels");
        var dm = newcomer.next("bulk_private_messages").path("payload").path("messages").get(0);
        assertThat(dm.path("message").asText()).isEqualTo("welcome");
        assertThat(dm.path("recipient").asText()).isEqualTo("newcomer");
        assertThat(dm.path("username").asText()).isEqualTo("bob");
    }

    @Test
    void presenceIsPerUserAndStaysOnlineUntilTheLastConnectionCloses() throws Exception {
        var observer = connect("observer");
        var first = connect("dana");
        var online = observer.skipTo("user_status").path("payload");
        assertThat(online.path("username").asText()).isEqualTo("dana");
        assertThat(online.path("status").asBoolean()).isTrue();

        var second = connect("dana");
        first.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"from one\"}");
        assertThat(second.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("from one");
        assertThat(first.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("from one");
        assertThat(observer.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("from one");

        first.close();
        observer.quietFor(300);

        second.close();
        var offline = observer.next("user_status").path("payload");
        assertThat(offline.path("username").asText()).isEqualTo("dana");
        assertThat(offline.path("status").asBoolean()).isFalse();
    }

    @Test
    void dashboardConnectionsStayOutOfPresence() throws Exception {
        var observer = connect("observer");
        var dashboard = TestClient.connect(server.wsUri(server.adminToken("admin", "WebClient")));
        clients.add(dashboard);
        var users = dashboard.skipTo("connected_users").path("payload").path("users");
        assertThat(users).extracting(u -> u.path("username").asText()).containsExactly("observer");

        dashboard.close();
        observer.quietFor(300);
    }
}
