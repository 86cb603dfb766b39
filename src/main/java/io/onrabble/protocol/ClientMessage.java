package io.onrabble.protocol;

/** Every frame a client may send. {@code nonce} is our optional addition, echoed in {@code ack} and {@code error}. */
public sealed interface ClientMessage {
    String nonce();

    /** A message for the chat: handled by the hub. */
    sealed interface Send extends ClientMessage {
    }

    record SendChat(String channel, String message, String nonce) implements Send {
    }

    record SendPrivate(String recipientId, String message, String nonce) implements Send {
    }

    /** Our addition: replaces the connection's token before it expires. */
    record RefreshToken(String token, String nonce) implements ClientMessage {
    }
}
