package io.onrabble.markers;

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

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read markers over real sockets, in both modes: a marker set on one connection reaches the user's
 * other connections that asked ({@code ?markers=1}) and nobody else, never moves back, and a
 * connection made later gets exact unread counts.
 */
@ParameterizedClass
@EnumSource(Mode.class)
class ReadMarkersTest {
    @Parameter
    Mode mode;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = mode.start();
        var created = server.send("POST", "/channels", server.adminToken("admin"), "{\"name\":\"random\"}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestClient connect(String username, String query) {
        var client = TestClient.connect(URI.create(server.wsUri(server.token(username)) + query));
        client.skipTo("connected_users");
        return client;
    }

    /** Sends a message and returns its id from the ack. */
    private static long say(TestClient client, String json) {
        client.send(json.replace("}", ",\"nonce\":\"say\"}"));
        return client.skipTo("ack").path("payload").path("id").asLong();
    }

    private static long chat(TestClient client, String channel, String text) {
        return say(client, "{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + text + "\"}");
    }

    private static long dm(TestClient client, String to, String text) {
        return say(client, "{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId(to) + "\",\"message\":\"" + text + "\"}");
    }

    /** The frames {@code client} receives until the chat message {@code text}. */
    private static List<JsonNode> framesUntil(TestClient client, String text) {
        var frames = new ArrayList<JsonNode>();
        while (true) {
            var frame = client.next();
            if ("chat_message".equals(frame.path("type").asText()) && text.equals(frame.path("payload").path("message").asText())) {
                return frames;
            }
            frames.add(frame);
        }
    }

    private static List<JsonNode> markers(List<JsonNode> frames) {
        return frames.stream().filter(f -> "read_marker".equals(f.path("type").asText())).toList();
    }

    @Test
    void aMarkerSetOnOneConnectionReachesTheUsersOtherConnectionsThatAsked() {
        var bob = connect("bob", "&markers=1");
        var first = chat(bob, "General", "one");
        var second = chat(bob, "General", "two");
        var alice = connect("alice", "&markers=1");
        var aliceElsewhere = connect("alice", "&markers=1");
        var aliceLegacy = connect("alice", "");

        alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":" + second + "}");
        alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":" + first + "}");
        alice.send("{\"type\":\"mark_read\",\"user_id\":\"" + userId("bob") + "\",\"id\":7}");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"marked\"}");

        for (var client : List.of(aliceElsewhere, alice)) {
            var seen = markers(framesUntil(client, "marked"));
            assertThat(seen).as("the lower id moved nothing").hasSize(2);
            assertThat(seen.get(0).path("payload").path("channel").asText()).isEqualTo("General");
            assertThat(seen.get(0).path("payload").path("id").asLong()).isEqualTo(second);
            assertThat(seen.get(1).path("payload").path("user_id").asText()).isEqualTo(userId("bob"));
            assertThat(seen.get(1).path("payload").path("id").asLong()).isEqualTo(7);
            assertThat(seen.get(1).path("payload").has("channel")).isFalse();
        }
        assertThat(markers(framesUntil(aliceLegacy, "marked"))).as("a connection that did not ask").isEmpty();
        assertThat(markers(framesUntil(bob, "marked"))).as("another user").isEmpty();
    }

    @Test
    void unreadCountsAtConnectAreExact() throws Exception {
        var bob = connect("bob", "");
        var carol = connect("carol", "");
        var alice = connect("alice", "&markers=1");
        chat(bob, "General", "g1");
        var read = chat(bob, "General", "g2");
        chat(alice, "General", "own");
        chat(bob, "General", "g3");
        var deleted = chat(bob, "General", "g4");
        chat(bob, "General", "g5");
        chat(bob, "random", "r1");
        dm(bob, "alice", "d1");
        var dmRead = dm(bob, "alice", "d2");
        dm(bob, "alice", "d3");
        dm(carol, "alice", "c1");
        dm(alice, "bob", "mine");
        alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":" + read + "}");
        alice.send("{\"type\":\"mark_read\",\"user_id\":\"" + userId("bob") + "\",\"id\":" + dmRead + "}");
        alice.skipTo("read_marker");
        alice.skipTo("read_marker");
        var removed = server.send("DELETE", "/messages", server.adminToken("admin"), "{\"ids\":[" + deleted + "]}");
        assertThat(removed.statusCode()).isEqualTo(204);

        var later = TestClient.connect(URI.create(server.wsUri(server.token("alice")) + "&markers=1"));
        var types = new ArrayList<String>();
        JsonNode counts = null;
        while (!types.contains("connected_users")) {
            var frame = later.next();
            types.add(frame.path("type").asText());
            if ("unread_counts".equals(frame.path("type").asText())) {
                counts = frame.path("payload");
            }
        }

        assertThat(types).containsExactly("bulk_chat_messages", "active_channels", "bulk_private_messages",
                "unread_counts", "connected_users");
        assertThat(byName(counts.path("channels"), "channel")).containsExactlyInAnyOrderEntriesOf(
                Map.of("General", 2L, "random", 1L));
        assertThat(byName(counts.path("private"), "user_id")).containsExactlyInAnyOrderEntriesOf(
                Map.of(userId("bob"), 1L, userId("carol"), 1L));
        later.close();

        var legacy = TestClient.connect(server.wsUri(server.token("alice")));
        assertThat(List.of(legacy.next(), legacy.next(), legacy.next(), legacy.next()))
                .extracting(frame -> frame.path("type").asText()).as("the same user without ?markers=1")
                .containsExactly("bulk_chat_messages", "active_channels", "bulk_private_messages", "connected_users");
        legacy.close();
    }

    private static Map<String, Long> byName(JsonNode entries, String key) {
        var counts = new HashMap<String, Long>();
        entries.forEach(entry -> counts.put(entry.path(key).asText(), entry.path("unread").asLong()));
        return counts;
    }

    @Test
    void markingReadNeedsTheCapabilityAKnownChannelAndAnId() {
        var legacy = server.connect("legacy");
        legacy.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":1,\"nonce\":\"a\"}");
        assertThat(legacy.skipTo("error").path("payload").path("code").asText()).isEqualTo("bad_request");

        var alice = connect("alice", "&markers=1");
        alice.send("{\"type\":\"mark_read\",\"channel\":\"nowhere\",\"id\":1,\"nonce\":\"b\"}");
        var unknown = alice.skipTo("error").path("payload");
        assertThat(unknown.path("code").asText()).isEqualTo("unknown_channel");
        assertThat(unknown.path("nonce").asText()).isEqualTo("b");
        for (var id : List.of("0", "-3", "\"12\"", "1.5")) {
            alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":" + id + ",\"nonce\":\"c\"}");
            assertThat(alice.skipTo("error").path("payload").path("code").asText()).isEqualTo("bad_request");
        }
        alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"nonce\":\"d\"}");
        assertThat(alice.skipTo("error").path("payload").path("nonce").asText()).isEqualTo("d");
    }
}
