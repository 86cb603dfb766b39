package io.onrabble.store;

import io.onrabble.domain.ChatMessage;

import java.time.Instant;

/** A stored public message as it reads now, and when its text was last edited. */
public record EditedMessage(ChatMessage message, Instant editedAt) {
}
