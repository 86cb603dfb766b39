package io.onrabble.chat;

/**
 * What a client declared it understands when it connected (query parameters, as {@code ?refresh=1}):
 * existing OnRabble clients declare nothing and get the reference protocol.
 *
 * @param presenceBatches {@code ?presence=batch}: {@code presence} frames (a first page, then batched
 *                        changes, pages on request) instead of {@code connected_users} and {@code user_status}
 * @param channelSubscriptions {@code ?channels=open}: live messages only for the channels the client
 *                        says it has open ({@code open_channels}), activity counts for the rest
 * @param typing {@code ?typing=1}: may send {@code typing} and receives others' {@code typing} frames
 * @param readMarkers {@code ?markers=1}: may send {@code mark_read}, receives {@code read_marker} frames
 *                        of its user and {@code unread_counts} at connect
 * @param edits           {@code ?edits=1}: {@code message_edited} frames when a public message is edited
 * @param resume          {@code ?since_public=…&since_private=…}: the messages missed since then
 *                        ({@code resumed}) instead of the connect history; null when not asked
 */
public record Capabilities(boolean presenceBatches, boolean channelSubscriptions, boolean typing,
                           boolean readMarkers, boolean edits, ResumePoint resume) {
    public static final Capabilities LEGACY = new Capabilities(false, false, false, false, false, null);
}
