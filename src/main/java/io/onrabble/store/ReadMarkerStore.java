package io.onrabble.store;

import java.util.List;

/**
 * Read markers: per user, the last message id read in each channel and each private conversation.
 * A marker only moves forward.
 */
public interface ReadMarkerStore {
    /** Moves {@code userId}'s marker of the channel up to {@code messageId}; false when it already was there or beyond. */
    boolean markChannel(String userId, long channelId, long messageId);

    /** As {@link #markChannel} for the private conversation with {@code peerId}. */
    boolean markPrivate(String userId, String peerId, long messageId);

    /**
     * The messages of others after {@code userId}'s markers (after none: every one), per channel and
     * per private conversation, each count stopping at {@code limit}, leaving out those with none; one query.
     */
    Unread unread(String userId, int limit);

    record Unread(List<ChannelUnread> channels, List<ConversationUnread> conversations) {
        public Unread {
            channels = List.copyOf(channels);
            conversations = List.copyOf(conversations);
        }
    }

    /** One row of {@link #unread}: a channel's or a conversation's count. */
    sealed interface UnreadCount {
        long count();
    }

    record ChannelUnread(long channelId, long count) implements UnreadCount {
    }

    record ConversationUnread(String peerId, long count) implements UnreadCount {
    }
}
