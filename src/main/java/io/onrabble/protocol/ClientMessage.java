package io.onrabble.protocol;

import java.util.List;

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

    /**
     * Our addition: a page of who is online ({@code after} a user id, up to {@code limit} users), or
     * the status of the users {@code ids}; answered by a {@code presence} frame of kind {@code page}.
     */
    record GetPresence(String after, Integer limit, List<String> ids, String nonce) implements ClientMessage {
    }

    /** Our addition, for clients that connected with {@code ?channels=open}: live messages of these channels only. */
    record OpenChannels(List<String> channels, String nonce) implements ClientMessage {
    }

    /**
     * Our addition: older messages of a channel ({@code channel}) or of the private conversation with
     * one other user ({@code userId}), exactly one of the two; those with ids below {@code before}
     * (null: the newest), at most {@code limit} (null: the default page); answered by {@code history}.
     */
    record GetHistory(String channel, String userId, Long before, Integer limit, String nonce) implements ClientMessage {
    }

    /**
     * Our addition, for clients that connected with {@code ?typing=1}: the sender is typing in
     * {@code channel} or in the private conversation with {@code recipientId} (exactly one is set).
     */
    record Typing(String channel, String recipientId, String nonce) implements ClientMessage {
    }

    /**
     * Our addition, for clients that connected with {@code ?markers=1}: the sender has read up to
     * message {@code id} of {@code channel} or of the private conversation with {@code userId} (exactly one is set).
     */
    record MarkRead(String channel, String userId, long id, String nonce) implements ClientMessage {
    }

    /** Our addition: a new text for one's own public message {@code id}; answered by {@code ack}. */
    record EditMessage(long id, String message, String nonce) implements ClientMessage {
    }

    /** Our addition: deletes one's own public message {@code id}; answered by {@code ack}. */
    record DeleteMessage(long id, String nonce) implements ClientMessage {
    }
}
