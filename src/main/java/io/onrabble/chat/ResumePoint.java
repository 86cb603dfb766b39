package io.onrabble.chat;

/**
 * Where a reconnecting client's history ends ({@code ?since_public=…&since_private=…}): the highest
 * public and private message ids it holds; 0 when it holds none of a kind.
 */
public record ResumePoint(long publicId, long privateId) {
}
