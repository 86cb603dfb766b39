package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing and deleting one's own public messages over real sockets, in both modes: the window,
 * refusals, admins, and what every kind of client sees (history, search, live frames).
 */
class MessageEditingTest extends AdminServerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

    @BeforeEach
    void freezeTime() {
        server.clock().freeze(T0);
    }

    /** A client that asked for edits ({@code ?edits=1}), past its connect sequence. */
    private TestClient editor(String token) {
        var client = TestClient.connect(URI.create(server.wsUri(token) + "&edits=1"));
        client.skipTo("connected_users");
        return client;
    }

    private long say(TestClient client, String text) {
        client.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + text + "\",\"nonce\":\"s\"}");
        // the ack and the echo (through Valkey in production mode) may come in either order: both are read
        long id = 0;
        var echoed = false;
        while (id == 0 || !echoed) {
            var frame = client.next();
            var type = frame.path("type").asText();
            if (type.equals("ack")) {
                id = frame.path("payload").path("id").asLong();
            }
            echoed |= type.equals("chat_message") && frame.path("payload").path("message").asText().equals(text);
        }
        return id;
    }

    private static void edit(TestClient client, long id, String text, String nonce) {
        client.send("{\"type\":\"edit_message\",\"id\":" + id + ",\"message\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}");
    }

    private static void delete(TestClient client, long id, String nonce) {
        client.send("{\"type\":\"delete_message\",\"id\":" + id + ",\"nonce\":\"" + nonce + "\"}");
    }

    /** The answer to the frame with {@code nonce}: an ack or an error, skipping broadcasts. */
    private static JsonNode answer(TestClient client, String nonce) {
        while (true) {
            var frame = client.next();
            var type = frame.path("type").asText();
            if ((type.equals("ack") || type.equals("error")) && nonce.equals(frame.path("payload").path("nonce").asText())) {
                return frame;
            }
        }
    }

    private static void assertRefused(JsonNode answer, String code) {
        assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
        assertThat(answer.path("payload").path("code").asText()).isEqualTo(code);
    }

    private List<String> history() {
        var client = server.connectRaw("newcomer");
        var texts = new ArrayList<String>();
        client.next("bulk_chat_messages").path("payload").path("messages").forEach(m -> texts.add(m.path("message").asText()));
        client.close();
        return texts;
    }

    private List<String> search(String query) throws Exception {
        var response = server.send("GET", "/messages" + query, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        var texts = new ArrayList<String>();
        JSON.readTree(response.body()).path("payload").path("messages").forEach(m -> texts.add(m.path("message").asText()));
        return texts;
    }

    @Test
    void theAuthorEditsWithinTheWindowAndEveryoneSeesTheNewTextButOnlyEditorsGetTheFrame() throws Exception {
        var alice = editor(server.token("alice"));
        var bob = editor(server.token("bob"));
        var legacy = server.connect("carol");
        var id = say(alice, "see you at nine");
        legacy.skipTo("chat_message");
        bob.skipTo("chat_message");
        server.clock().advance(Duration.ofMinutes(14));

        edit(alice, id, "see you at ten", "e1");

        var ack = answer(alice, "e1");
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("payload").path("id").asLong()).isEqualTo(id);
        var edited = bob.skipTo("message_edited");
        assertThat(edited.path("sender").asText()).isEqualTo("Server");
        assertThat(edited.path("payload").path("id").asLong()).isEqualTo(id);
        assertThat(edited.path("payload").path("channel").asText()).isEqualTo("General");
        assertThat(edited.path("payload").path("message").asText()).isEqualTo("see you at ten");
        assertThat(edited.path("payload").path("edited_at").asText()).isEqualTo("2030-01-01T12:14:00Z");
        assertThat(legacy.quietFor(500)).isTrue(); // a client that did not ask for edits sees no new frame
        assertThat(history()).containsExactly("see you at ten");
        assertThat(search("?keyword=ten")).containsExactly("see you at ten");
        assertThat(search("?keyword=nine")).isEmpty();
    }

    @Test
    void theAuthorDeletesWithinTheWindowAndEveryClientDropsIt() throws Exception {
        var alice = editor(server.token("alice"));
        var legacy = server.connect("carol");
        var kept = say(alice, "keep me");
        var dropped = say(alice, "drop me");
        legacy.skipTo("chat_message");
        legacy.skipTo("chat_message");

        delete(alice, dropped, "d1");

        assertThat(answer(alice, "d1").path("payload").path("id").asLong()).isEqualTo(dropped);
        var deleted = legacy.next("message_deleted"); // the frame old clients already know from admin deletions
        assertThat(deleted.path("payload").path("ids")).hasSize(1);
        assertThat(deleted.path("payload").path("ids").get(0).asLong()).isEqualTo(dropped);
        assertThat(history()).containsExactly("keep me");
        assertThat(search("")).containsExactly("keep me");
        delete(alice, dropped, "d2");
        assertRefused(answer(alice, "d2"), "not_found");
        edit(alice, kept, "kept", "e1");
        assertThat(answer(alice, "e1").path("type").asText()).isEqualTo("ack");
    }

    @Test
    void afterTheWindowTheAuthorCanNeitherEditNorDelete() {
        var alice = editor(server.token("alice"));
        var id = say(alice, "too late to fix");
        server.clock().advance(Duration.ofMinutes(15).plusSeconds(1));

        edit(alice, id, "fixed", "e1");
        var refused = answer(alice, "e1");
        delete(alice, id, "d1");

        assertRefused(refused, "edit_window_closed");
        assertThat(refused.path("payload").path("message").asText()).contains("900 s");
        assertRefused(answer(alice, "d1"), "edit_window_closed");
        assertThat(history()).containsExactly("too late to fix");
    }

    @Test
    void anotherUserIsRefusedAndNothingChanges() throws Exception {
        var alice = editor(server.token("alice"));
        var bob = editor(server.token("bob"));
        var id = say(alice, "mine");

        edit(bob, id, "yours now", "e1");
        assertRefused(answer(bob, "e1"), "forbidden");
        delete(bob, id, "d1");
        assertRefused(answer(bob, "d1"), "forbidden");

        assertThat(alice.quietFor(500)).isTrue();
        assertThat(history()).containsExactly("mine");
        assertThat(search("?keyword=mine")).containsExactly("mine");
    }

    @Test
    void anAdminChangesTheirOwnMessagesAtAnyTimeAndDeletesOthersButDoesNotRewriteThem() {
        var alice = editor(server.token("alice"));
        var root = editor(server.adminToken("root", "ChatClient"));
        var alices = say(alice, "spam spam");
        var roots = say(root, "welcome, be nice");
        server.clock().advance(Duration.ofDays(2));

        edit(root, roots, "welcome, be kind", "e1");
        assertThat(answer(root, "e1").path("type").asText()).isEqualTo("ack");
        edit(root, alices, "nice words", "e2");
        assertRefused(answer(root, "e2"), "forbidden");
        delete(root, alices, "d1");
        assertThat(answer(root, "d1").path("type").asText()).isEqualTo("ack");

        assertThat(alice.skipTo("message_edited").path("payload").path("message").asText()).isEqualTo("welcome, be kind");
        assertThat(alice.skipTo("message_deleted").path("payload").path("ids").get(0).asLong()).isEqualTo(alices);
        assertThat(history()).containsExactly("welcome, be kind");
    }

    @Test
    void anEditIsValidatedAsASendIs() {
        var alice = editor(server.token("alice"));
        var id = say(alice, "hello");

        alice.send("{\"type\":\"edit_message\",\"id\":" + id + ",\"message\":\"bell\\u0007\",\"nonce\":\"e1\"}");
        assertRefused(answer(alice, "e1"), "bad_request");
        edit(alice, id, "x".repeat(4001), "e2");
        assertRefused(answer(alice, "e2"), "too_large");
        edit(alice, id, "   ", "e3");
        assertRefused(answer(alice, "e3"), "bad_request");
        alice.send("{\"type\":\"edit_message\",\"id\":\"" + id + "\",\"message\":\"hi\",\"nonce\":\"e4\"}");
        assertRefused(answer(alice, "e4"), "bad_request");
        edit(alice, id + 1000, "hi", "e5");
        assertRefused(answer(alice, "e5"), "not_found");

        assertThat(history()).containsExactly("hello");
    }

    @Test
    void editsAndDeletionsCountAgainstTheSendersRateLimit() throws Exception {
        var alice = editor(server.token("alice")); // known to the server from now on: a limit of her own can be set
        var limit = server.send("PUT", "/ratelimits/users/" + io.onrabble.testing.TestServer.userId("alice"), admin,
                "{\"message_limit\":3,\"window_seconds\":60}");
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(200);
        var id = say(alice, "one");

        edit(alice, id, "two", "e1");
        var first = answer(alice, "e1");
        assertThat(first.path("type").asText()).as(first.toString()).isEqualTo("ack");
        edit(alice, id, "three", "e2");
        var second = answer(alice, "e2");
        assertThat(second.path("type").asText()).as(second.toString()).isEqualTo("ack");
        delete(alice, id, "d1");

        var refused = answer(alice, "d1");
        assertRefused(refused, "rate_limited");
        assertThat(refused.path("payload").path("retry_after_ms").asLong()).isPositive();
        assertThat(history()).containsExactly("three");
    }

    @Test
    void discoveryAdvertisesEditsWithTheirWindow() throws Exception {
        var discovery = JSON.readTree(server.get("/discovery").body());

        assertThat(discovery.path("capabilities").toString()).contains("\"edits\"");
        assertThat(discovery.path("edit_window_seconds").asLong()).isEqualTo(900);
    }
}
