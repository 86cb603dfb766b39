package io.onrabble.chat;

import io.onrabble.broker.NodeEvent;
import io.onrabble.domain.ChatMessage;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What a joining session sees, in the protocol's order, with nothing lost or doubled by a race. */
@Tag("fast")
class ConnectSequenceTest {
    private ChatNode node;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        node = new ChatNode(dataDir, 10_000);
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aFirstSessionOnAQuietServerGetsTheChannelsThenWhoIsOnline() {
        var alice = new RecordingSession("alice");

        node.join(alice);

        assertThat(alice.types()).containsExactly("active_channels", "connected_users");
        assertThat(alice.payloads("connected_users").getFirst().toString()).contains("alice-id");
    }

    @Test
    void historyComesFirstThenChannelsThenDirectMessagesThenWhoIsOnline() {
        var bob = new RecordingSession("bob");
        node.join(bob);
        node.sender.send(bob, new ClientMessage.SendChat("General", "hi", null));
        node.sender.send(bob, new ClientMessage.SendPrivate("alice-id", "psst", null));
        var alice = new RecordingSession("alice");

        node.join(alice);

        assertThat(alice.types()).containsExactly("bulk_chat_messages", "active_channels", "bulk_private_messages",
                "connected_users");
        assertThat(alice.payloads("bulk_private_messages").getFirst().toString())
                .as("a DM sent before its recipient first connected carries their name in their history")
                .contains("\"recipient\":\"alice\"");
    }

    @Test
    void aMessageStoredWhileTheSessionJoinsIsInItsHistoryOnlyAndOneStoredAfterTheHistoryWasReadFollowsIt() {
        var bob = new RecordingSession("bob");
        node.join(bob);
        var alice = new RecordingSession("alice");
        node.hub.register(alice);
        // stored and broadcast after alice registered, before her history is read: held, and in the history
        node.sender.send(bob, new ClientMessage.SendChat("General", "before", null));
        // as if stored after her history was read: held, and not in the history
        node.broker.publish(NodeEvent.Chat.of(node.codec, new ChatMessage(999, "bob-id", "bob", 1, "General",
                "after", Instant.parse("2026-01-01T00:00:00Z"))));

        node.connectSequence.connect(alice);

        assertThat(alice.types()).containsExactly("bulk_chat_messages", "active_channels", "chat_message",
                "connected_users");
        assertThat(alice.payloads("bulk_chat_messages").getFirst().toString()).contains("before").doesNotContain("after");
        assertThat(alice.payloads("chat_message")).singleElement()
                .satisfies(p -> assertThat(p.path("message").asText()).isEqualTo("after"));
    }

    @Test
    void broadcastsRacingJoinsAreNeitherLostNorDoubled() throws Exception {
        var bob = new RecordingSession("bob");
        node.join(bob);
        var joiners = new ArrayList<RecordingSession>();
        for (int i = 0; i < 20; i++) {
            joiners.add(new RecordingSession("user" + i));
        }
        // One thread sends while another joins: more joining threads also race each other's user
        // directory writes on SQLite, which is not what this test is about.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> sending = pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        node.sender.send(bob, new ClientMessage.SendChat("General", "m" + i, null));
                    } catch (ProtocolException e) {
                        // SQLite may report a write lock it could not get (a user's directory entry
                        // being written meanwhile): that message is not stored and must reach nobody.
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    }
                }
            });
            Future<?> joining = pool.submit(() -> joiners.forEach(node::join));
            sending.get();
            joining.get();
        } finally {
            pool.shutdown();
        }

        var stored = node.journal.recentPublic().stream().map(ChatMessage::id).toList();
        assertThat(stored).hasSizeGreaterThan(100);
        for (var joiner : joiners) {
            assertThat(idsSeen(joiner)).as(joiner.id()).containsExactlyElementsOf(stored);
        }
    }

    /** Every public message id a session was shown, history and live, in the order shown. */
    private static List<Long> idsSeen(RecordingSession session) {
        var ids = new ArrayList<Long>();
        for (var frame : session.frames) {
            var payload = RecordingSession.payload(frame);
            switch (frame.type()) {
                case "bulk_chat_messages" -> payload.path("messages").forEach(m -> ids.add(m.path("cacheID").asLong()));
                case "chat_message" -> ids.add(payload.path("cacheID").asLong());
                default -> {
                }
            }
        }
        return ids;
    }
}
