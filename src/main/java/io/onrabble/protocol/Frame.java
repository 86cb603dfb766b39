package io.onrabble.protocol;

/** A server message with its JSON encoded once; the same bytes go to every recipient. */
public record Frame(ServerMessage message, byte[] json) {
}
