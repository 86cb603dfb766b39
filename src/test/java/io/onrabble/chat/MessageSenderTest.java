package io.onrabble.chat;

import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A send: rate limit, journal, every node, ack; each refusal leaves nothing behind. */
@Tag("fast")
class MessageSenderTest {
    @TempDir
    Path dataDir;
    private ChatNode node;

    @AfterEach
    void close() {
        node.close();
    }

    private ProtocolException refusal(Runnable send) {
        var thrown = new ProtocolException[1];
        assertThatThrownBy(send::run).isInstanceOfSatisfying(ProtocolException.class, e -> thrown[0] = e);
        return thrown[0];
    }

    @Test
    void aSentMessageIsStoredReachesEveryoneAndIsAckedWithItsId() {
        node = new ChatNode(dataDir, 100);
        var alice = new RecordingSession("alice");
        var bob = new RecordingSession("bob");
        node.join(alice);
        node.join(bob);

        node.sender.send(alice, new ClientMessage.SendChat("General", "hello", "n1"));

        var stored = node.journal.recentPublic();
        assertThat(stored).singleElement().satisfies(m -> assertThat(m.message()).isEqualTo("hello"));
        var id = stored.getFirst().id();
        assertThat(bob.payloads("chat_message")).singleElement()
                .satisfies(p -> assertThat(p.path("cacheID").asLong()).isEqualTo(id));
        assertThat(alice.types()).endsWith("chat_message", "ack");
        assertThat(alice.payloads("ack")).singleElement().satisfies(p -> {
            assertThat(p.path("nonce").asText()).isEqualTo("n1");
            assertThat(p.path("id").asLong()).isEqualTo(id);
        });
        assertThat(bob.types()).doesNotContain("ack");
    }

    @Test
    void withoutANonceThereIsNoAck() {
        node = new ChatNode(dataDir, 100);
        var alice = new RecordingSession("alice");
        node.join(alice);

        node.sender.send(alice, new ClientMessage.SendChat("General", "hello", null));

        assertThat(alice.types()).endsWith("chat_message").doesNotContain("ack");
    }

    @Test
    void aDirectMessageReachesItsSenderAndRecipientOnly() {
        node = new ChatNode(dataDir, 100);
        var alice = new RecordingSession("alice");
        var bob = new RecordingSession("bob");
        var carol = new RecordingSession("carol");
        node.join(alice);
        node.join(bob);
        node.join(carol);

        node.sender.send(alice, new ClientMessage.SendPrivate("bob-id", "psst", "n1"));

        assertThat(bob.payloads("private_chat_message")).singleElement()
                .satisfies(p -> assertThat(p.path("recipient").asText()).isEqualTo("bob"));
        assertThat(alice.types()).endsWith("private_chat_message", "ack");
        assertThat(carol.types()).doesNotContain("private_chat_message");
    }

    @Test
    void beyondTheRateLimitASendIsRefusedWithARetryTimeAndNotStored() {
        node = new ChatNode(dataDir, 2);
        var alice = new RecordingSession("alice");
        var bob = new RecordingSession("bob");
        node.join(alice);
        node.join(bob);
        node.sender.send(alice, new ClientMessage.SendChat("General", "one", null));
        node.sender.send(alice, new ClientMessage.SendChat("General", "two", null));

        var refused = refusal(() -> node.sender.send(alice, new ClientMessage.SendChat("General", "three", "n3")));

        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.retryAfterMs()).isPositive();
        assertThat(refused.nonce()).isEqualTo("n3");
        assertThat(node.journal.recentPublic()).extracting(m -> m.message()).containsExactly("one", "two");
        assertThat(bob.payloads("chat_message")).hasSize(2);
    }

    @Test
    void aSendToAChannelThatDoesNotExistIsRefusedAndNotStored() {
        node = new ChatNode(dataDir, 100);
        var alice = new RecordingSession("alice");
        node.join(alice);

        var refused = refusal(() -> node.sender.send(alice, new ClientMessage.SendChat("nowhere", "hi", "n1")));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNKNOWN_CHANNEL);
        assertThat(refused.getMessage()).contains("nowhere");
        assertThat(node.journal.recentPublic()).isEmpty();
        assertThat(alice.types()).doesNotContain("chat_message", "ack");
    }

    @Test
    void whenTheJournalCannotStoreTheMessageTheSendIsRefusedAsUnavailableAndNobodySeesIt() {
        node = new ChatNode(dataDir, 100);
        var alice = new RecordingSession("alice");
        var bob = new RecordingSession("bob");
        node.join(alice);
        node.join(bob);
        node.database.close();

        var refused = refusal(() -> node.sender.send(alice, new ClientMessage.SendChat("General", "lost", "n1")));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(refused.nonce()).isEqualTo("n1");
        assertThat(bob.types()).doesNotContain("chat_message");
        assertThat(alice.types()).doesNotContain("chat_message", "ack");
    }
}
