package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.onrabble.admin.AdminAccessTest.assertError;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /messages}: full-text search with filters and paging; deletion everywhere, pushed to clients. */
class MessageAdminTest extends AdminServerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

    @BeforeEach
    void prepare() throws Exception {
        server.clock().freeze(T0);
        server.send("POST", "/channels", admin, "{\"name\":\"random\"}");
    }

    /** Sends and waits for the acknowledgement: the message is then committed. */
    private long say(TestClient client, String channel, String text) {
        client.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + text + "\",\"nonce\":\"n\"}");
        return client.skipTo("ack").path("payload").path("id").asLong();
    }

    private JsonNode search(String query) throws Exception {
        var response = server.send("GET", "/messages" + query, admin, null);
        assertThat(response.statusCode()).as(query).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("message_search_result");
        assertThat(body.path("sender").asText()).isEqualTo("server");
        assertThat(body.path("payload").path("messages").isArray()).isTrue();
        return body.path("payload");
    }

    private static List<String> texts(JsonNode payload) {
        var texts = new ArrayList<String>();
        payload.path("messages").forEach(m -> texts.add(m.path("message").asText()));
        return texts;
    }

    @Test
    void searchFindsWordsWithStemmingAndFiltersByChannelUserAndTime() throws Exception {
        var alice = server.connect("alice");
        var bob = server.connect("bob");
        say(alice, "General", "Hello everyone");
        server.clock().advance(Duration.ofMinutes(10));
        say(bob, "random", "the cats are hungry");
        server.clock().advance(Duration.ofMinutes(10));
        var id = say(alice, "random", "hello cat lovers");

        var all = search("");
        assertThat(texts(all)).containsExactly("hello cat lovers", "the cats are hungry", "Hello everyone");
        var newest = all.path("messages").get(0);
        assertThat(newest.path("id").asLong()).isEqualTo(id);
        assertThat(newest.has("cacheID")).isFalse();
        assertThat(newest.path("owner_id").asText()).isEqualTo(userId("alice"));
        assertThat(newest.path("username").asText()).isEqualTo("alice");
        assertThat(newest.path("channel").asText()).isEqualTo("random");
        assertThat(newest.path("authored_at").asText()).isEqualTo("2030-01-01T12:20:00Z");
        assertThat(all.path("has_more").asBoolean()).isFalse();

        assertThat(texts(search("?keyword=HELLO"))).containsExactly("hello cat lovers", "Hello everyone");
        assertThat(texts(search("?keyword=cat"))).containsExactly("hello cat lovers", "the cats are hungry");
        assertThat(texts(search("?keyword=hello%20cat"))).containsExactly("hello cat lovers");
        assertThat(texts(search("?keyword=cat%22%20OR%20x*"))).isEmpty();
        assertThat(texts(search("?channel=General"))).containsExactly("Hello everyone");
        assertThat(texts(search("?channel=General&channel=random&keyword=hello"))).hasSize(2);
        assertThat(texts(search("?user_id=" + userId("bob")))).containsExactly("the cats are hungry");
        assertThat(texts(search("?from=2030-01-01T12:05:00Z&to=2030-01-01T12:20:00Z"))).containsExactly("the cats are hungry");
        assertThat(texts(search("?from=2030-01-01T13:05:00%2B01:00"))).containsExactly("hello cat lovers", "the cats are hungry");
        assertThat(texts(search("?channel=nowhere"))).isEmpty();
    }

    @Test
    void pagingReportsWhetherMoreFollow() throws Exception {
        var alice = server.connect("alice");
        for (int i = 1; i <= 5; i++) {
            say(alice, "General", "message " + i);
            server.clock().advance(Duration.ofSeconds(1));
        }
        var first = search("?limit=2");
        assertThat(texts(first)).containsExactly("message 5", "message 4");
        assertThat(first.path("has_more").asBoolean()).isTrue();
        var last = search("?limit=2&offset=4");
        assertThat(texts(last)).containsExactly("message 1");
        assertThat(last.path("has_more").asBoolean()).isFalse();
        assertThat(texts(search("?limit=200"))).hasSize(5);
    }

    @Test
    void searchRefusesBadParameters() throws Exception {
        for (var query : new String[]{"?limit=0", "?limit=-1", "?limit=201", "?limit=abc", "?offset=-1", "?offset=x",
                "?keyword=%21%21%21", "?from=yesterday", "?from=2030-01-01T12:00:00", "?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z",
                "?keyword=" + "a".repeat(257)}) {
            var response = server.send("GET", "/messages" + query, admin, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertError(response, "invalid_parameter");
        }
    }

    @Test
    void deletedMessagesVanishFromSearchHistoryAndConnectedClients() throws Exception {
        var alice = server.connect("alice");
        var keep = say(alice, "General", "keep me");
        var drop = say(alice, "General", "drop me");
        var alsoDrop = say(alice, "random", "drop me too");

        var response = server.send("DELETE", "/messages", admin, "{\"ids\":[" + drop + "," + alsoDrop + ",999999]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();

        var frame = alice.skipTo("message_deleted");
        assertThat(frame.path("sender").asText()).isEqualTo("Server");
        assertThat(frame.path("payload").path("ids")).extracting(JsonNode::asLong).containsExactly(drop, alsoDrop);
        assertThat(texts(search(""))).containsExactly("keep me");
        var bob = server.connectRaw("bob");
        var history = bob.next("bulk_chat_messages").path("payload").path("messages");
        assertThat(history).extracting(m -> m.path("cacheID").asLong()).containsExactly(keep);

        server.stop();
        server.restart();
        var carol = server.connectRaw("carol");
        assertThat(carol.next("bulk_chat_messages").path("payload").path("messages"))
                .extracting(m -> m.path("message").asText()).containsExactly("keep me");
    }

    @Test
    void deletingOnlyUnknownIdsIs404AndBadBodiesAre400() throws Exception {
        var alice = server.connect("alice");
        say(alice, "General", "still here");
        var unknown = server.send("DELETE", "/messages", admin, "{\"ids\":[424242]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertError(unknown, "not_found");
        for (var body : new String[]{"{}", "{\"ids\":[]}", "{\"ids\":\"1\"}", "{\"ids\":[\"1\"]}", "{\"ids\":[-1]}",
                "{\"ids\":[1.5]}", "{\"ids\":[1,", "null"}) {
            var response = server.send("DELETE", "/messages", admin, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        var tooMany = "{\"ids\":[" + String.join(",", java.util.Collections.nCopies(1001, "1")) + "]}";
        assertThat(server.send("DELETE", "/messages", admin, tooMany).statusCode()).isEqualTo(400);
        assertThat(texts(search(""))).containsExactly("still here");
    }
}
