package io.onrabble.typing;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.Mode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typing indicators over real sockets, in both modes: relayed to the others in the conversation
 * that asked for them ({@code ?typing=1}), throttled, limited, never stored, and never seen by a
 * client that did not ask.
 */
@ParameterizedClass
@EnumSource(Mode.class)
class TypingTest {
    @Parameter
    Mode mode;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String... settings) throws Exception {
        server = mode.start(settings);
        var created = server.send("POST", "/channels", server.adminToken("admin"), "{\"name\":\"random\"}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    private TestClient connect(String username, String query) {
        var client = TestClient.connect(URI.create(server.wsUri(server.token(username)) + query));
        client.skipTo("connected_users");
        return client;
    }

    /** The frames {@code client} receives until the chat message {@code text}, which marks the end of a test step. */
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

    private static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    private static void say(TestClient client, String channel, String text) {
        client.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + text + "\"}");
    }

    @Test
    void typingInAChannelReachesTheOthersThatAskedAndReadItOnly() throws Exception {
        start("TYPING_EXPIRY", "5s");
        var alice = connect("alice", "&typing=1");
        var aliceElsewhere = connect("alice", "&typing=1");
        var bob = connect("bob", "&typing=1");
        var carol = connect("carol", "&typing=1&channels=open");
        carol.send("{\"type\":\"open_channels\",\"channels\":[\"random\"]}");
        carol.skipTo("channels_opened");
        var legacy = connect("dave", "");

        alice.send("{\"type\":\"typing\",\"channel\":\"General\"}");
        say(alice, "General", "s1");
        say(alice, "random", "s2");

        assertThat(ofType(framesUntil(bob, "s1"), "typing")).singleElement().satisfies(frame -> {
            assertThat(frame.path("sender").asText()).isEqualTo("Server");
            var payload = frame.path("payload");
            assertThat(payload.path("user_id").asText()).isEqualTo(userId("alice"));
            assertThat(payload.path("username").asText()).isEqualTo("alice");
            assertThat(payload.path("channel").asText()).isEqualTo("General");
            assertThat(payload.path("expires_in_ms").asLong()).isEqualTo(5000);
        });
        assertThat(ofType(framesUntil(carol, "s2"), "typing")).as("a channel carol did not open").isEmpty();
        assertThat(ofType(framesUntil(aliceElsewhere, "s1"), "typing")).as("the typer's own user").isEmpty();
        assertThat(ofType(framesUntil(alice, "s1"), "typing")).isEmpty();
        assertThat(ofType(framesUntil(legacy, "s1"), "typing")).as("a client that did not ask").isEmpty();
    }

    @Test
    void typingIsThrottledPerSenderAndConversation() throws Exception {
        start("TYPING_INTERVAL", "1s", "TYPING_EXPIRY", "2s");
        var alice = connect("alice", "&typing=1");
        var bob = connect("bob", "&typing=1");

        for (int i = 0; i < 3; i++) {
            alice.send("{\"type\":\"typing\",\"channel\":\"General\"}");
        }
        alice.send("{\"type\":\"typing\",\"channel\":\"random\"}");
        say(alice, "General", "burst");

        var burst = ofType(framesUntil(bob, "burst"), "typing");
        assertThat(burst).extracting(f -> f.path("payload").path("channel").asText())
                .as("one per conversation within an interval").containsExactly("General", "random");
        var first = System.nanoTime();
        // Keep typing: the next one is relayed once the interval has passed since the first.
        JsonNode next = null;
        while (next == null) {
            alice.send("{\"type\":\"typing\",\"channel\":\"General\"}");
            next = bob.poll(300);
        }
        assertThat(next.path("type").asText()).isEqualTo("typing");
        assertThat((System.nanoTime() - first) / 1_000_000).isGreaterThanOrEqualTo(700);
    }

    @Test
    void typingInAPrivateConversationReachesEveryConnectionOfTheOtherPartyOnly() throws Exception {
        start();
        var alice = connect("alice", "&typing=1");
        var aliceElsewhere = connect("alice", "&typing=1");
        var bob = connect("bob", "&typing=1");
        var bobElsewhere = connect("bob", "&typing=1");
        var carol = connect("carol", "&typing=1");

        alice.send("{\"type\":\"typing\",\"recipient_id\":\"" + userId("bob") + "\"}");
        say(alice, "General", "done");

        for (var client : List.of(bob, bobElsewhere)) {
            assertThat(ofType(framesUntil(client, "done"), "typing")).singleElement().satisfies(frame -> {
                var payload = frame.path("payload");
                assertThat(payload.path("user_id").asText()).isEqualTo(userId("alice"));
                assertThat(payload.has("channel")).as("a private conversation has no channel").isFalse();
            });
        }
        for (var client : List.of(alice, aliceElsewhere, carol)) {
            assertThat(ofType(framesUntil(client, "done"), "typing")).isEmpty();
        }
    }

    @Test
    void typingIsNeverStored() throws Exception {
        start();
        var alice = connect("alice", "&typing=1");
        alice.send("{\"type\":\"typing\",\"channel\":\"General\"}");
        alice.send("{\"type\":\"typing\",\"recipient_id\":\"" + userId("bob") + "\"}");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"only this\",\"nonce\":\"n\"}");
        alice.skipTo("ack");

        var later = TestClient.connect(server.wsUri(server.token("bob")));
        var history = later.next("bulk_chat_messages");
        assertThat(history.path("payload").path("messages")).extracting(m -> m.path("message").asText())
                .containsExactly("only this");
        later.next("active_channels");
        assertThat(later.next().path("type").asText()).as("no private history for bob").isEqualTo("connected_users");
        later.close();
    }

    @Test
    void beyondItsOwnRateLimitTypingIsRefusedWithTheNonce() throws Exception {
        start("TYPING_RATE_LIMIT", "3", "TYPING_RATE_WINDOW", "1m");
        var alice = connect("alice", "&typing=1");

        for (int i = 0; i < 3; i++) {
            alice.send("{\"type\":\"typing\",\"channel\":\"General\",\"nonce\":\"t" + i + "\"}");
        }
        alice.send("{\"type\":\"typing\",\"channel\":\"General\",\"nonce\":\"t3\"}");

        var refusal = alice.skipTo("error").path("payload");
        assertThat(refusal.path("code").asText()).isEqualTo("rate_limited");
        assertThat(refusal.path("nonce").asText()).isEqualTo("t3");
        assertThat(refusal.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
    }

    @Test
    void typingNeedsTheCapabilityAndAKnownConversation() throws Exception {
        start();
        var legacy = server.connect("legacy");
        legacy.send("{\"type\":\"typing\",\"channel\":\"General\",\"nonce\":\"a\"}");
        assertThat(legacy.skipTo("error").path("payload").path("code").asText()).isEqualTo("bad_request");

        var alice = connect("alice", "&typing=1");
        alice.send("{\"type\":\"typing\",\"channel\":\"nowhere\",\"nonce\":\"b\"}");
        assertThat(alice.skipTo("error").path("payload").path("code").asText()).isEqualTo("unknown_channel");
        alice.send("{\"type\":\"typing\",\"channel\":\"General\",\"recipient_id\":\"x\",\"nonce\":\"c\"}");
        assertThat(alice.skipTo("error").path("payload").path("nonce").asText()).isEqualTo("c");
        alice.send("{\"type\":\"typing\",\"recipient_id\":\"" + userId("alice") + "\",\"nonce\":\"d\"}");
        assertThat(alice.skipTo("error").path("payload").path("nonce").asText()).isEqualTo("d");
    }
}
