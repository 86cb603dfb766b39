package io.onrabble.gateway;

import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A final text frame that wraps already-encoded bytes without copying them, so a broadcast hands
 * one byte array to every recipient. Vert.x 5's public API cannot do it: {@code textFrame(String)}
 * re-encodes the text and {@code Buffer.buffer(byte[])} copies, once per recipient. This is the one
 * place that uses the internal {@link WebSocketFrameImpl}; {@code SharedTextFrameTest} fails if it
 * stops wrapping (after a Vert.x upgrade), and then this class is all that needs changing.
 */
final class SharedTextFrame {
    private SharedTextFrame() {
    }

    static WebSocketFrame of(byte[] utf8) {
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
    }
}
