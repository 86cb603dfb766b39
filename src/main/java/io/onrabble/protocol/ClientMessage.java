package io.onrabble.protocol;

/** Every frame a client may send. {@code nonce} is our optional addition, echoed in {@code ack} and {@code error}. */
public sealed interface ClientMessage {
    String nonce();

    record SendChat(String channel, String message, String nonce) implements ClientMessage {
    }

    record SendPrivate(String recipientId, String message, String nonce) implements ClientMessage {
    }
}
