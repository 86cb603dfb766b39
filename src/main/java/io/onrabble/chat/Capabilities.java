package io.onrabble.chat;

/**
 * What a client declared it understands when it connected (query parameters, as {@code ?refresh=1}):
 * existing OnRabble clients declare nothing and get the reference protocol.
 *
 * @param presenceBatches {@code ?presence=batch}: {@code presence} frames (a first page, then batched
 *                        changes, pages on request) instead of {@code connected_users} and {@code user_status}
 */
public record Capabilities(boolean presenceBatches) {
    public static final Capabilities LEGACY = new Capabilities(false);
}
