package io.onrabble.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.protocol.CloseCode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TwoNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers sharing one PostgreSQL database and one Valkey behave as one chat server: what
 * happens on one node reaches the other's clients once. Each test uses users of its own, since
 * every client sees everyone's presence and channel frames.
 */
class TwoNodesTest {
    private static TwoNodes nodes;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start("FLUSH_INTERVAL", "100ms");
        a = nodes.a();
        b = nodes.b();
    }

    @AfterAll
    static void stopTwoNodes() {
        nodes.close();
    }

    @Test
    void aChatMessageSentOnOneNodeReachesTheOtherOnceAndEchoesOnce() throws InterruptedException {
        try (var alice = a.connect("alice"); var bob = b.connect("bob")) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello from A\",\"nonce\":\"n1\"}");

            var isHello = isChat("hello from A");
            assertThat(framesUntilQuiet(bob)).filteredOn(isHello).hasSize(1)
                    .allSatisfy(frame -> assertThat(frame.path("payload").path("owner_id").asText()).isEqualTo(userId("alice")));
            var atAlice = framesUntilQuiet(alice);
            assertThat(atAlice).filteredOn(isHello).hasSize(1);
            assertThat(atAlice).filteredOn(frame -> "ack".equals(frame.path("type").asText())).hasSize(1);
        }
    }

    @Test
    void aDirectMessageReachesTheRecipientsConnectionsOnBothNodes() throws InterruptedException {
        try (var carol = a.connect("carol"); var daveOnA = a.connect("dave"); var daveOnB = b.connect("dave");
             var eve = b.connect("eve")) {
            carol.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("dave") + "\",\"message\":\"psst\"}");

            Predicate<JsonNode> isDm = frame -> "private_chat_message".equals(frame.path("type").asText())
                    && "psst".equals(frame.path("payload").path("message").asText());
            assertThat(framesUntilQuiet(daveOnB)).filteredOn(isDm).hasSize(1);
            assertThat(framesUntilQuiet(daveOnA)).filteredOn(isDm).hasSize(1);
            assertThat(framesUntilQuiet(carol)).filteredOn(isDm).hasSize(1);
            assertThat(framesUntilQuiet(eve)).filteredOn(isDm).isEmpty();
        }
    }

    @Test
    void presenceSpansNodes() throws InterruptedException {
        var frank = b.connect("frank");
        var erinOnA = a.connect("erin");
        assertThat(framesUntilQuiet(frank)).filteredOn(isStatus("erin")).extracting(TwoNodesTest::online)
                .containsExactly(true);

        var erinOnB = b.connect("erin");
        try (var gina = TestClient.connect(b.wsUri(b.token("gina")))) {
            var connected = gina.skipTo("connected_users").path("payload").path("users");
            assertThat(connected.findValuesAsText("username")).containsOnlyOnce("erin", "frank");
        }
        erinOnA.close();
        assertThat(framesUntilQuiet(frank)).filteredOn(isStatus("erin")).isEmpty();

        erinOnB.close();
        assertThat(framesUntilQuiet(frank)).filteredOn(isStatus("erin")).extracting(TwoNodesTest::online)
                .containsExactly(false);
        frank.close();
    }

    @Test
    void aBanOnOneNodeClosesTheUsersConnectionOnTheOther() throws Exception {
        var mallory = b.connect("mallory");

        var response = a.send("POST", "/users/ban", a.adminToken("root"),
                "{\"banished_id\":\"" + userId("mallory") + "\",\"reason\":\"spam\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(mallory.awaitClose()).isEqualTo(CloseCode.BANNED);
    }

    @Test
    void anAdminEndingASessionOnOneNodeClosesTheUsersConnectionsOnTheOther() throws Exception {
        var ivyOnB = b.connect("ivy");
        var ivyOnA = a.connect("ivy");
        try (var jack = b.connect("jack")) {
            var response = a.send("POST", "/users/" + userId("ivy") + "/disconnect", a.adminToken("root"), null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(ivyOnB.awaitClose()).isEqualTo(CloseCode.ENDED_BY_ADMIN);
            assertThat(ivyOnA.awaitClose()).isEqualTo(CloseCode.ENDED_BY_ADMIN);
            assertThat(jack.isClosed()).isFalse();
        }
    }

    @Test
    void aChannelCreatedOnOneNodeIsAnnouncedOnTheOther() throws Exception {
        try (var henry = b.connect("henry")) {
            var response = a.send("POST", "/channels", a.adminToken("root"), "{\"name\":\"two-nodes\"}");

            assertThat(response.statusCode()).isEqualTo(201);
            var channels = henry.skipTo("active_channels").path("payload").path("channels");
            assertThat(channels.findValuesAsText("name")).contains("General", "two-nodes");
        }
    }

    /** Every frame until none arrives for a while: enough to see a duplicate that would follow the first. */
    @Test
    void anEditOnOneNodeReachesTheEditorsOnTheOtherOnceAndItsLegacyClientsNever() throws InterruptedException {
        try (var frank = TestClient.connect(java.net.URI.create(a.wsUri(a.token("frank")) + "&edits=1"));
             var grace = TestClient.connect(java.net.URI.create(b.wsUri(b.token("grace")) + "&edits=1"));
             var heidi = b.connect("heidi")) {
            frank.skipTo("connected_users");
            grace.skipTo("connected_users");
            frank.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"on A\",\"nonce\":\"n1\"}");
            var id = frank.skipTo("ack").path("payload").path("id").asLong();

            frank.send("{\"type\":\"edit_message\",\"id\":" + id + ",\"message\":\"edited on A\",\"nonce\":\"n2\"}");

            Predicate<JsonNode> isEdit = frame -> "message_edited".equals(frame.path("type").asText())
                    && frame.path("payload").path("id").asLong() == id;
            assertThat(framesUntilQuiet(grace)).filteredOn(isEdit).hasSize(1)
                    .allSatisfy(frame -> assertThat(frame.path("payload").path("message").asText()).isEqualTo("edited on A"));
            assertThat(framesUntilQuiet(frank)).filteredOn(isEdit).hasSize(1);
            assertThat(framesUntilQuiet(heidi)).filteredOn(frame -> "message_edited".equals(frame.path("type").asText()))
                    .isEmpty();
        }
    }

    private static List<JsonNode> framesUntilQuiet(TestClient client) throws InterruptedException {
        var frames = new ArrayList<JsonNode>();
        for (var frame = client.poll(1000); frame != null; frame = client.poll(500)) {
            frames.add(frame);
        }
        return frames;
    }

    private static Predicate<JsonNode> isChat(String text) {
        return frame -> "chat_message".equals(frame.path("type").asText())
                && text.equals(frame.path("payload").path("message").asText());
    }

    private static Predicate<JsonNode> isStatus(String username) {
        return frame -> "user_status".equals(frame.path("type").asText())
                && username.equals(frame.path("payload").path("username").asText());
    }

    private static boolean online(JsonNode statusFrame) {
        return statusFrame.path("payload").path("status").asBoolean();
    }
}
