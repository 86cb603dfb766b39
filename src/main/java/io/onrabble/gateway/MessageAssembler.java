package io.onrabble.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

import java.nio.charset.StandardCharsets;

/**
 * Reassembles one client's data frames (a message may come in fragments) into whole messages,
 * holding at most {@code maxBytes}: a larger message is read to its end and discarded, so the
 * client gets a clear {@code too_large} error instead of the connection silently losing it.
 * Used from the connection's event loop only.
 */
final class MessageAssembler {
    sealed interface Assembled {
    }

    record Text(String text) implements Assembled {
    }

    record TooLarge() implements Assembled {
    }

    record Binary() implements Assembled {
    }

    private final int maxBytes;
    private Buffer pending;
    private boolean binary;
    private boolean tooLarge;

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the next frame; returns the message it completes, or null while more fragments are due. */
    Assembled accept(WebSocketFrame frame) {
        if (frame.isText() || frame.isBinary()) {
            pending = Buffer.buffer();
            binary = frame.isBinary();
            tooLarge = false;
        } else if (!frame.isContinuation() || pending == null && !tooLarge) {
            return null; // control frames, or a continuation without a start
        }
        if (!tooLarge && !binary) {
            if (pending.length() + frame.binaryData().length() > maxBytes) {
                tooLarge = true;
                pending = null;
            } else {
                pending.appendBuffer(frame.binaryData());
            }
        }
        if (!frame.isFinal()) {
            return null;
        }
        Assembled message = binary ? new Binary() : tooLarge ? new TooLarge() : new Text(pending.toString(StandardCharsets.UTF_8));
        pending = null;
        tooLarge = false;
        return message;
    }
}
