package io.onrabble.chat;

import io.onrabble.protocol.Frame;

/** A {@code user_status} frame and whose status it tells: a user's own sessions already know it. */
public record StatusNews(String userId, Frame frame) {
}
