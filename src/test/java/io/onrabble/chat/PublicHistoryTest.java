package io.onrabble.chat;

import io.onrabble.broker.NodeEvent;
import io.onrabble.domain.Channel;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connect storm encodes the shared history once: joining sessions get the very same bytes (the
 * history the connect sequence writes first, not the live frames that follow) until something changes.
 */
@Tag("fast")
class PublicHistoryTest {
    private ChatNode node;
    private RecordingSession bob;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        node = new ChatNode(dataDir, 10_000);
        bob = new RecordingSession("bob");
        node.join(bob);
        node.sender.send(bob, new ClientMessage.SendChat("General", "hello", null));
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void twoJoinsWithNoMessageBetweenAreHandedTheSameHistoryBytes() {
        var first = join("alice");
        var second = join("carol");

        assertThat(firstOf(first, "bulk_chat_messages").json()).isSameAs(firstOf(second, "bulk_chat_messages").json());
        assertThat(firstOf(first, "active_channels").json()).isSameAs(firstOf(second, "active_channels").json());
    }

    @Test
    void aMessageBetweenTwoJoinsIsInTheSecondHistory() {
        var first = join("alice");
        node.sender.send(bob, new ClientMessage.SendChat("General", "news", null));
        var second = join("carol");

        assertThat(text(firstOf(first, "bulk_chat_messages"))).contains("hello").doesNotContain("news");
        assertThat(text(firstOf(second, "bulk_chat_messages"))).contains("hello", "news");
        assertThat(firstOf(first, "active_channels")).isEqualTo(firstOf(second, "active_channels"));
    }

    @Test
    void aChannelChangeBetweenTwoJoinsIsInTheSecondChannelList() {
        var first = join("alice");
        node.broker.publish(new NodeEvent.ChannelsChanged(List.of(new Channel(1, "General", null, 0),
                new Channel(2, "Random", "new", 1))));
        var second = join("carol");

        assertThat(text(firstOf(first, "active_channels"))).doesNotContain("Random");
        assertThat(text(firstOf(second, "active_channels"))).contains("Random");
    }

    private RecordingSession join(String username) {
        var session = new RecordingSession(username);
        node.join(session);
        return session;
    }

    private static Frame firstOf(RecordingSession session, String type) {
        return session.frames.stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
    }

    private static String text(Frame frame) {
        return new String(frame.json(), StandardCharsets.UTF_8);
    }
}
