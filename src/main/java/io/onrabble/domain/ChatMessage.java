package io.onrabble.domain;

import java.time.Instant;

/**
 * A public message in a channel. {@code id} is the message id (the wire's {@code cacheID} on the
 * WebSocket and {@code id} over REST); it is 0 until the journal assigns one.
 */
public record ChatMessage(long id, String ownerId, String username, long channelId, String channel,
                          String message, Instant authoredAt) {

    public ChatMessage withId(long newId) {
        return new ChatMessage(newId, ownerId, username, channelId, channel, message, authoredAt);
    }

    /** The message with an edit's text. */
    public ChatMessage edited(MessageEdit edit) {
        return new ChatMessage(id, ownerId, username, channelId, channel, edit.message(), authoredAt);
    }
}
