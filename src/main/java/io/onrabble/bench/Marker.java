package io.onrabble.bench;

import io.vertx.core.buffer.Buffer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * What a publisher sends, {@code bench <step> <send time in ns>} as the message text, and the cheap
 * scans a receiver makes of a frame's bytes instead of parsing its JSON: the server writes
 * {@code "type"} first and copies the text unescaped (digits and spaces), so a prefix test and a
 * search for {@code "message":"bench } suffice. This is what keeps the tool from being the bottleneck.
 */
final class Marker {
    /** {@link #sendTime}: the frame is not a bench {@code chat_message}. */
    static final long NONE = -1;
    /** {@link #sendTime}: a bench message of another step (sent before this step began). */
    static final long OTHER_STEP = -2;

    private static final byte[] CHAT = "{\"type\":\"chat_message\"".getBytes(US_ASCII);
    private static final byte[] PRESENCE = "{\"type\":\"presence\"".getBytes(US_ASCII);
    private static final byte[] CONNECTED_USERS = "{\"type\":\"connected_users\"".getBytes(US_ASCII);
    private static final byte[] ERROR = "{\"type\":\"error\"".getBytes(US_ASCII);
    private static final byte[] TEXT = "\"message\":\"bench ".getBytes(US_ASCII);

    private Marker() {
    }

    /** The client frame a publisher sends; {@code channelJson} is the channel name as a JSON string. */
    static String frame(String channelJson, int step, long sendNanos) {
        return "{\"type\":\"chat_message\",\"channel\":" + channelJson + ",\"message\":\"bench " + step + " "
                + sendNanos + "\"}";
    }

    /** The last frame of the connect sequence: the connection is live from here on. */
    static boolean isPresenceSnapshot(Buffer frame) {
        return startsWith(frame, CONNECTED_USERS) || startsWith(frame, PRESENCE);
    }

    static boolean isError(Buffer frame) {
        return startsWith(frame, ERROR);
    }

    /** The send time a bench message of {@code step} carries, or {@link #NONE} / {@link #OTHER_STEP}. */
    static long sendTime(Buffer frame, int step) {
        if (!startsWith(frame, CHAT)) {
            return NONE;
        }
        int at = indexOf(frame, TEXT, CHAT.length);
        if (at < 0) {
            return NONE;
        }
        int i = at + TEXT.length;
        int n = frame.length();
        long frameStep = 0;
        int digits = 0;
        for (; i < n && isDigit(frame.getByte(i)); i++, digits++) {
            frameStep = frameStep * 10 + (frame.getByte(i) - '0');
        }
        if (digits == 0 || i >= n || frame.getByte(i) != ' ') {
            return NONE;
        }
        long nanos = 0;
        digits = 0;
        for (i++; i < n && isDigit(frame.getByte(i)); i++, digits++) {
            nanos = nanos * 10 + (frame.getByte(i) - '0');
        }
        if (digits == 0 || i >= n || frame.getByte(i) != '"') {
            return NONE;
        }
        return frameStep == step ? nanos : OTHER_STEP;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean startsWith(Buffer frame, byte[] prefix) {
        if (frame.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(Buffer frame, byte[] needle, int from) {
        int last = frame.length() - needle.length;
        byte first = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (frame.getByte(i) != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (frame.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
