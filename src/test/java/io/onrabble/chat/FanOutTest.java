package io.onrabble.chat;

import io.onrabble.protocol.ClientMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A broadcast is encoded once: every recipient is handed the very same bytes. */
@Tag("fast")
class FanOutTest {
    private ChatNode node;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        node = new ChatNode(dataDir, 1000);
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void everyRecipientIsHandedTheSameEncodedBytes() {
        var sessions = List.of(new RecordingSession("alice"), new RecordingSession("bob"), new RecordingSession("carol"));
        sessions.forEach(node::join);

        node.sender.send(sessions.get(0), new ClientMessage.SendChat("General", "hello", null));

        var bytes = sessions.stream().map(s -> s.last("chat_message").json()).toList();
        assertThat(bytes.get(1)).isSameAs(bytes.get(0));
        assertThat(bytes.get(2)).isSameAs(bytes.get(0));
        assertThat(new String(bytes.get(0))).contains("\"message\":\"hello\"");
    }
}
