package io.onrabble.bench;

import io.onrabble.domain.ChatMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scans the bench makes of the frames the server's own codec writes. */
@Tag("fast")
class MarkerTest {
    private final Codec codec = new Codec(4000);

    private Buffer frame(ServerMessage message) {
        return Buffer.buffer(codec.encode(message));
    }

    private static ChatMessage chat(String text) {
        return new ChatMessage(7, "u-1", "bench-pub-1", 1, "General", text, Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void aBenchChatMessageOfThisStepYieldsItsSendTime() {
        var text = Marker.frame("\"General\"", 3, 123_456_789L);
        assertThat(text).isEqualTo("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"bench 3 123456789\"}");

        var delivered = frame(new ServerMessage.Chat(chat("bench 3 123456789")));
        assertThat(Marker.sendTime(delivered, 3)).isEqualTo(123_456_789L);
        assertThat(Marker.sendTime(delivered, 4)).isEqualTo(Marker.OTHER_STEP);
    }

    @Test
    void otherMessagesTheHistoryAndPresenceAreNoDeliveries() {
        assertThat(Marker.sendTime(frame(new ServerMessage.Chat(chat("hello"))), 1)).isEqualTo(Marker.NONE);
        assertThat(Marker.sendTime(frame(new ServerMessage.Chat(chat("bench 1 12x"))), 1)).isEqualTo(Marker.NONE);
        assertThat(Marker.sendTime(frame(new ServerMessage.Chat(chat("bench 1"))), 1)).isEqualTo(Marker.NONE);
        var history = frame(new ServerMessage.BulkChatMessages(List.of(chat("bench 1 5"))));
        assertThat(Marker.sendTime(history, 1)).isEqualTo(Marker.NONE);
        assertThat(Marker.isPresenceSnapshot(history)).isFalse();
        assertThat(Marker.isPresenceSnapshot(Buffer.buffer("{\"type\":\"connected_users\",\"sender\":\"Server\"}"))).isTrue();
        assertThat(Marker.isPresenceSnapshot(Buffer.buffer("{\"type\":\"presence\",\"sender\":\"Server\"}"))).isTrue();
    }

    @Test
    void errorFramesAreRecognised() {
        var refused = frame(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", 100L, null));
        assertThat(Marker.isError(refused)).isTrue();
        assertThat(Marker.isError(frame(new ServerMessage.Chat(chat("x"))))).isFalse();
    }
}
