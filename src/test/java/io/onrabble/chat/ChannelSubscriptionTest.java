package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-channel subscriptions over real sockets: a client that connected with {@code ?channels=open}
 * and opened channels gets live messages of exactly those channels and activity counts for the
 * rest; other clients still get every channel.
 */
class ChannelSubscriptionTest {
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        for (var name : List.of("random", "dev")) {
            var created = server.send("POST", "/channels", server.adminToken("admin"), "{\"name\":\"" + name + "\"}");
            assertThat(created.statusCode()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatOpenedChannelsGetsExactlyTheirMessagesAndCountsForTheRest() {
        var reader = TestClient.connect(URI.create(server.wsUri(server.token("reader")) + "&channels=open"));
        reader.skipTo("connected_users");
        reader.send("{\"type\":\"open_channels\",\"channels\":[\"General\",\"dev\"],\"nonce\":\"o1\"}");
        assertThat(reader.skipTo("channels_opened").path("payload").path("nonce").asText()).isEqualTo("o1");
        var everything = server.connect("legacy");
        var writer = server.connect("writer");

        for (var channel : List.of("General", "random", "dev", "random")) {
            writer.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"in " + channel + "\"}");
        }
        writer.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"last\"}");

        var live = new ArrayList<String>();
        var counts = new HashMap<String, Long>();
        while (!live.contains("last")) {
            var frame = reader.next();
            collect(frame, live, counts);
        }
        assertThat(live).containsExactly("in General", "in dev", "last");
        var legacyLive = new ArrayList<String>();
        while (!legacyLive.contains("last")) {
            collect(everything.next(), legacyLive, new HashMap<>());
        }
        assertThat(legacyLive).containsExactly("in General", "in random", "in dev", "in random", "last");

        while (counts.getOrDefault("random", 0L) < 2) {
            collect(reader.next(), live, counts);
        }
        assertThat(counts).containsEntry("random", 2L);
        assertThat(live).as("no message of a channel it did not open").containsExactly("in General", "in dev", "last");
    }

    @Test
    void openingChannelsWithoutDeclaringItIsRefused() {
        var client = server.connect("plain");

        client.send("{\"type\":\"open_channels\",\"channels\":[\"General\"]}");

        assertThat(client.skipTo("error").path("payload").path("code").asText()).isEqualTo("bad_request");
    }

    private static void collect(JsonNode frame, List<String> live, Map<String, Long> counts) {
        switch (frame.path("type").asText()) {
            case "chat_message" -> live.add(frame.path("payload").path("message").asText());
            case "channel_activity" -> frame.path("payload").path("channels").forEach(c ->
                    counts.merge(c.path("channel").asText(), c.path("message_count").asLong(), Long::sum));
            default -> {
            }
        }
    }
}
