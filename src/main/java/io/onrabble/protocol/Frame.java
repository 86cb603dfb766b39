package io.onrabble.protocol;

import java.util.Arrays;

/**
 * A server message as it goes on the wire: its {@code type} and its JSON, encoded once; the same
 * bytes go to every recipient, on this node and, through the broker, on every other. Two frames are
 * equal when their bytes are.
 */
public record Frame(String type, byte[] json) {
    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame && type.equals(frame.type) && Arrays.equals(json, frame.json);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", " + json.length + " bytes]";
    }
}
