package io.onrabble.gateway;

import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Guards the one internal Vert.x use: a broadcast's bytes reach the socket uncopied, as one text frame. */
@Tag("fast")
class SharedTextFrameTest {

    @Test
    void wrapsTheEncodedBytesWithoutCopyingThemAsOneFinalTextFrame() {
        var json = "{\"type\":\"chat_message\",\"payload\":{\"message\":\"héllo\"}}".getBytes(StandardCharsets.UTF_8);

        var frame = SharedTextFrame.of(json);

        assertThat(frame.isText()).isTrue();
        assertThat(frame.isFinal()).isTrue();
        assertThat(frame.textData()).isEqualTo(new String(json, StandardCharsets.UTF_8));
        assertThat(((WebSocketFrameImpl) frame).getBinaryData().array()).isSameAs(json);
    }
}
