package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.Mode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways resume and older history must work, and what their tests share: embedded; PostgreSQL
 * and Valkey with durability 'database' (the default); with durability 'valkey', where the database
 * lags behind the Valkey queue (flushed every two minutes by default).
 */
enum HistorySetup {
    EMBEDDED, DATABASE, VALKEY;

    private static final ObjectMapper JSON = new ObjectMapper();

    TestServer start(String... settings) throws Exception {
        return switch (this) {
            case EMBEDDED -> Mode.EMBEDDED.start(settings);
            case DATABASE -> Mode.PRODUCTION.start(settings);
            case VALKEY -> {
                var all = new ArrayList<>(Arrays.asList(settings));
                all.addAll(List.of("DURABILITY", "valkey"));
                yield Mode.PRODUCTION.start(all.toArray(String[]::new));
            }
        };
    }

    /** Raises the default rate limit through the admin API (the same in every mode), so tests may send thousands. */
    static void allowManyMessages(TestServer server) throws Exception {
        var admin = server.adminToken("root");
        var row = JSON.readTree(server.send("GET", "/ratelimits", admin, null).body()).path("rate_limiter");
        var response = server.send("PATCH", "/ratelimits", admin,
                "{\"id\":" + row.path("id").asLong() + ",\"message_limit\":10000,\"window_seconds\":1}");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** Creates a channel through the admin API. */
    static void createChannel(TestServer server, String name) throws Exception {
        var response = server.send("POST", "/channels", server.adminToken("root"), "{\"name\":\"" + name + "\"}");
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    /** A chat connection that resumes from these ids. */
    static TestClient resume(TestServer server, String username, long sincePublic, long sincePrivate) {
        return TestClient.connect(URI.create(server.wsUri(server.token(username)) + "&since_public=" + sincePublic
                + "&since_private=" + sincePrivate));
    }

    /** Sends a public message and returns its id from the ack (skipping the echo and anything else before it). */
    static long say(TestClient client, String channel, String text) {
        var nonce = "n-" + text;
        client.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + text
                + "\",\"nonce\":\"" + nonce + "\"}");
        return ackOf(client, nonce);
    }

    static long dm(TestClient client, String recipientId, String text) {
        var nonce = "n-" + text;
        client.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + recipientId + "\",\"message\":\"" + text
                + "\",\"nonce\":\"" + nonce + "\"}");
        return ackOf(client, nonce);
    }

    /** Edits one's own public message and waits for the ack. */
    static void edit(TestClient client, long id, String text) {
        var nonce = "e-" + id + "-" + text;
        client.send("{\"type\":\"edit_message\",\"id\":" + id + ",\"message\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}");
        ackOf(client, nonce);
    }

    /** Deletes one's own public message and waits for the ack. */
    static void delete(TestClient client, long id) {
        var nonce = "d-" + id;
        client.send("{\"type\":\"delete_message\",\"id\":" + id + ",\"nonce\":\"" + nonce + "\"}");
        ackOf(client, nonce);
    }

    /** An admin deletes public messages through the REST API. */
    static void deleteAsAdmin(TestServer server, Long... ids) throws Exception {
        var response = server.send("DELETE", "/messages", server.adminToken("root"),
                "{\"ids\":" + Arrays.toString(ids) + "}");
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    private static long ackOf(TestClient client, String nonce) {
        while (true) {
            var frame = client.next();
            var payload = frame.path("payload");
            if (nonce.equals(payload.path("nonce").asText(null))) {
                assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("ack");
                return payload.path("id").asLong();
            }
        }
    }

    /** The numbers of a JSON array (the ids of {@code resumed}'s {@code deleted}), in order. */
    static List<Long> numbers(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asLong).toList();
    }

    /** The {@code cacheID}s of a message array, in order. */
    static List<Long> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("cacheID").asLong()).toList();
    }
}
