package io.onrabble.markers;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TwoNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL and one Valkey: typing and read markers cross nodes through the
 * broker, and a legacy client on either node never sees a frame it did not ask for.
 */
class TypingAndMarkersTwoNodesTest {
    private static TwoNodes nodes;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start();
        a = nodes.a();
        b = nodes.b();
    }

    @AfterAll
    static void stopTwoNodes() {
        nodes.close();
    }

    private static TestClient connect(TestServer node, String username, String query) {
        var client = TestClient.connect(URI.create(node.wsUri(node.token(username)) + query));
        client.skipTo("connected_users");
        return client;
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

    /** The types of {@code frames}, less presence news (the others' connects). */
    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("type").asText()).filter(type -> !type.equals("user_status")).toList();
    }

    @Test
    void typingAndMarkersFromOneNodeReachTheOtherAndLegacyClientsSeeNeither() {
        try (var alice = connect(a, "alice", "&typing=1&markers=1");
             var aliceOnB = connect(b, "alice", "&typing=1&markers=1");
             var bobOnB = connect(b, "bob", "&typing=1&markers=1");
             var legacyOnA = connect(a, "legacy-a", "");
             var legacyOnB = connect(b, "legacy-b", "")) {
            alice.send("{\"type\":\"typing\",\"channel\":\"General\"}");
            alice.send("{\"type\":\"typing\",\"recipient_id\":\"" + userId("bob") + "\"}");
            alice.send("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":5}");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"end\"}");

            var bobFrames = framesUntil(bobOnB, "end");
            assertThat(types(bobFrames)).as("no one else's read marker").containsExactly("typing", "typing");
            var atBob = bobFrames.stream().filter(f -> f.path("type").asText().equals("typing")).toList();
            assertThat(atBob.get(0).path("payload").path("channel").asText()).isEqualTo("General");
            assertThat(atBob.get(1).path("payload").has("channel")).as("the private one").isFalse();
            var atAliceOnB = framesUntil(aliceOnB, "end");
            assertThat(types(atAliceOnB)).as("her own marker, not her own typing").containsExactly("read_marker");
            assertThat(atAliceOnB).filteredOn(f -> f.path("type").asText().equals("read_marker")).singleElement()
                    .satisfies(f -> assertThat(f.path("payload").path("id").asLong()).isEqualTo(5));
            assertThat(types(framesUntil(alice, "end"))).containsExactly("read_marker");
            assertThat(types(framesUntil(legacyOnA, "end"))).isEmpty();
            assertThat(types(framesUntil(legacyOnB, "end"))).isEmpty();
        }
    }
}
