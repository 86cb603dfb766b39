package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.store.Database;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode with a flush interval longer than any test, so acknowledged messages sit in the
 * Valkey queue: search, deletion and purge must still behave as if they were in the database, and a
 * deleted message must never reach it later (not after a flush, not after a restart).
 */
class QueuedMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPostgres postgres;
    private TestValkey valkey;
    private Database db;
    private TestServer server;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        postgres = TestPostgres.create();
        valkey = TestValkey.shared();
        server = TestServer.start("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                "VALKEY_PREFIX", valkey.prefix(), "FLUSH_INTERVAL", "1h", "DATABASE_POOL_SIZE", "4",
                "DURABILITY", "valkey"); // the queue these tests look into is durability 'valkey''s
        db = postgres.open();
        admin = server.adminToken("root");
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

    private long say(TestClient client, String channel, String text) {
        client.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + text + "\",\"nonce\":\"n\"}");
        return client.skipTo("ack").path("payload").path("id").asLong();
    }

    private long queued() {
        return valkey.commands().xlen(valkey.prefix() + "queue");
    }

    private List<String> stored() {
        return db.query("SELECT message FROM chat_messages ORDER BY id", row -> row.getString(1));
    }

    private List<String> search(String query) throws Exception {
        var response = server.send("GET", "/messages" + query, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        var texts = new ArrayList<String>();
        JSON.readTree(response.body()).path("payload").path("messages").forEach(m -> texts.add(m.path("message").asText()));
        return texts;
    }

    /** The texts a newly connected client gets as history. */
    private List<String> history(String username) {
        var client = server.connectRaw(username);
        var texts = new ArrayList<String>();
        client.next("bulk_chat_messages").path("payload").path("messages").forEach(m -> texts.add(m.path("message").asText()));
        return texts;
    }

    @Test
    void searchFindsAMessageJustAckedWhileItIsStillQueued() throws Exception {
        var alice = server.connect("alice");
        var id = say(alice, "General", "hello from the queue");
        assertThat(queued()).isEqualTo(1);
        assertThat(stored()).isEmpty();

        var response = JSON.readTree(server.send("GET", "/messages?keyword=hello", admin, null).body());

        JsonNode found = response.path("payload").path("messages");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(found.get(0).path("message").asText()).isEqualTo("hello from the queue");
        assertThat(queued()).isZero();
        assertThat(stored()).containsExactly("hello from the queue");
    }

    @Test
    void aMessageDeletedWhileQueuedNeverReachesTheDatabaseSearchOrHistory() throws Exception {
        var alice = server.connect("alice");
        say(alice, "General", "keep me");
        var drop = say(alice, "General", "drop me");
        assertThat(queued()).isEqualTo(2);

        assertThat(server.send("DELETE", "/messages", admin, "{\"ids\":[" + drop + "]}").statusCode()).isEqualTo(204);

        assertThat(alice.skipTo("message_deleted").path("payload").path("ids").get(0).asLong()).isEqualTo(drop);
        assertThat(queued()).isEqualTo(1);
        assertThat(history("bob")).containsExactly("keep me");
        assertThat(search("")).containsExactly("keep me"); // flushes the queue first
        assertThat(queued()).isZero();
        assertThat(stored()).containsExactly("keep me");
    }

    @Test
    void purgingAChannelRemovesItsQueuedMessagesSoTheyNeverReachTheDatabase() throws Exception {
        var created = server.send("POST", "/channels", admin, "{\"name\":\"random\"}");
        var channelId = JSON.readTree(created.body()).path("id").asLong();
        var alice = server.connect("alice");
        say(alice, "random", "doomed one");
        say(alice, "General", "survivor");
        say(alice, "random", "doomed two");
        assertThat(queued()).isEqualTo(3);

        assertThat(server.send("DELETE", "/channels?id=" + channelId + "&purge=true", admin, null).statusCode()).isEqualTo(200);

        assertThat(queued()).isEqualTo(1);
        assertThat(history("bob")).containsExactly("survivor");
        server.stop(); // the final flush writes whatever is still queued
        assertThat(queued()).isZero();
        assertThat(stored()).containsExactly("survivor");
        server.restart();
        assertThat(search("")).containsExactly("survivor");
        assertThat(history("carol")).containsExactly("survivor");
    }

    @Test
    void deletedMessagesStayDeletedAcrossARestart() throws Exception {
        var alice = server.connect("alice");
        say(alice, "General", "before");
        var flushedThenDeleted = say(alice, "General", "flushed, then deleted");
        assertThat(search("")).hasSize(2); // both are in the database now
        var queuedThenDeleted = say(alice, "General", "queued, then deleted");
        say(alice, "General", "after");
        assertThat(server.send("DELETE", "/messages", admin,
                "{\"ids\":[" + flushedThenDeleted + "," + queuedThenDeleted + "]}").statusCode()).isEqualTo(204);
        alice.close();

        server.stop();
        server.restart();

        assertThat(stored()).containsExactly("before", "after");
        assertThat(history("carol")).containsExactly("before", "after");
        assertThat(search("")).containsExactly("after", "before");
        // The next message gets a new id: the restarted node neither reuses nor resurrects the deleted ones.
        var dave = server.connect("dave");
        assertThat(say(dave, "General", "new")).isGreaterThan(queuedThenDeleted);
        assertThat(search("")).containsExactly("new", "after", "before");
    }

    @Test
    void deletingAnIdNotYetAssignedDoesNotDeleteTheMessageThatLaterGetsIt() throws Exception {
        var alice = server.connect("alice");
        var last = say(alice, "General", "first");

        assertThat(server.send("DELETE", "/messages", admin, "{\"ids\":[" + (last + 1) + "]}").statusCode()).isEqualTo(404);

        assertThat(say(alice, "General", "second")).isEqualTo(last + 1);
        assertThat(search("")).containsExactly("second", "first");
        assertThat(stored()).containsExactly("first", "second");
    }

    @Test
    void aDeletedMessageAnInterruptedFlushLeftInTheDatabaseIsGoneAfterARestart() throws Exception {
        var alice = server.connect("alice");
        say(alice, "General", "kept");
        var doomed = say(alice, "General", "deleted");
        assertThat(server.send("DELETE", "/messages", admin, "{\"ids\":[" + doomed + "]}").statusCode()).isEqualTo(204);
        server.stop();
        // What a node that took the entry before the deletion leaves when it dies right after committing
        // it: the row is in the database, its queue entry is gone (the deletion removed it).
        var general = db.query("SELECT id FROM channels WHERE name = 'General'", row -> row.getLong(1)).getFirst();
        db.update("INSERT INTO chat_messages (id, owner_id, username, channel_id, channel_name, message, authored_at) "
                + "VALUES (?, ?, 'alice', ?, 'General', 'deleted', 0)", doomed, TestServer.userId("alice"), general);

        server.restart();

        assertThat(stored()).containsExactly("kept");
        assertThat(history("bob")).containsExactly("kept");
        assertThat(search("")).containsExactly("kept");
    }
}
