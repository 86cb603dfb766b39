package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.store.Database;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability 'valkey' with a flush interval longer than any test, so acknowledged messages sit in the
 * Valkey queue: an edit or deletion made meanwhile must be what the database holds after the flush,
 * and after a restart, whatever text the queue entry still carries.
 */
class QueuedEditsTest {
    private TestPostgres postgres;
    private TestValkey valkey;
    private Database db;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        postgres = TestPostgres.create();
        valkey = TestValkey.shared();
        server = TestServer.start("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "1h", "DATABASE_POOL_SIZE", "4",
                "DURABILITY", "valkey");
        db = postgres.open();
    }

    @AfterEach
    void stop() {
        try {
            server.close();
        } finally {
            db.close();
            valkey.close();
            postgres.close();
        }
    }

    private TestClient editor(String username) {
        var client = TestClient.connect(URI.create(server.wsUri(server.token(username)) + "&edits=1"));
        client.skipTo("connected_users");
        return client;
    }

    private static long say(TestClient client, String text) {
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

    private long queued() {
        return valkey.commands().xlen(valkey.prefix() + "queue");
    }

    private List<String> stored() {
        return db.query("SELECT message FROM chat_messages ORDER BY id", row -> row.getString(1));
    }

    private List<String> history() {
        var client = server.connectRaw("newcomer");
        var texts = new ArrayList<String>();
        client.next("bulk_chat_messages").path("payload").path("messages").forEach(m -> texts.add(m.path("message").asText()));
        client.close();
        return texts;
    }

    private List<String> search() throws Exception {
        var response = server.send("GET", "/messages", server.adminToken("root"), null);
        assertThat(response.statusCode()).isEqualTo(200);
        var texts = new ArrayList<String>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("payload").path("messages")
                .forEach(m -> texts.add(m.path("message").asText()));
        return texts;
    }

    @Test
    void anEditOfAQueuedMessageSurvivesTheNextFlush() throws Exception {
        var alice = editor("alice");
        var id = say(alice, "meet at the old gate");
        assertThat(queued()).isEqualTo(1);

        alice.send("{\"type\":\"edit_message\",\"id\":" + id + ",\"message\":\"meet at the new gate\",\"nonce\":\"e\"}");
        // the ack comes straight back, the broadcasts (the send's echo too) through Valkey: in any order
        JsonNode edited = null;
        var acked = false;
        while (edited == null || !acked) {
            var frame = alice.next();
            switch (frame.path("type").asText()) {
                case "message_edited" -> edited = frame;
                case "ack" -> acked |= frame.path("payload").path("nonce").asText().equals("e");
                default -> assertThat(frame.path("type").asText()).isEqualTo("chat_message");
            }
        }
        assertThat(edited.path("payload").path("message").asText()).isEqualTo("meet at the new gate");

        assertThat(stored()).isEmpty(); // still queued, with its old text in the entry
        assertThat(history()).containsExactly("meet at the new gate");
        assertThat(search()).containsExactly("meet at the new gate"); // a search flushes the queue first
        assertThat(queued()).isZero();
        assertThat(stored()).containsExactly("meet at the new gate");
    }

    @Test
    void editsAndDeletionsOfQueuedMessagesOutliveARestart() throws Exception {
        var alice = editor("alice");
        var edited = say(alice, "draft one");
        var deleted = say(alice, "draft two");
        alice.send("{\"type\":\"edit_message\",\"id\":" + edited + ",\"message\":\"final one\",\"nonce\":\"e\"}");
        alice.skipTo("ack");
        alice.send("{\"type\":\"delete_message\",\"id\":" + deleted + ",\"nonce\":\"d\"}");
        assertThat(alice.skipTo("message_deleted").path("payload").path("ids").get(0).asLong()).isEqualTo(deleted);
        assertThat(stored()).isEmpty();

        server.stop(); // the final flush writes the queue
        server.restart();

        assertThat(stored()).containsExactly("final one");
        assertThat(history()).containsExactly("final one");
    }
}
