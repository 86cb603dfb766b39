package io.onrabble.protocol;

import io.onrabble.domain.Channel;
import io.onrabble.domain.ChannelCount;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.UserStatus;
import java.time.Instant;
import java.util.List;

/** Every frame the server sends: {@code {"type", "sender", "payload"}} on the wire. */
public sealed interface ServerMessage {
    String SERVER = "Server";

    String type();

    default String sender() {
        return SERVER;
    }

    record ActiveChannels(List<Channel> channels) implements ServerMessage {
        public String type() {
            return "active_channels";
        }
    }

    record BulkChatMessages(List<ChatMessage> messages) implements ServerMessage {
        public String type() {
            return "bulk_chat_messages";
        }
    }

    record Chat(ChatMessage message) implements ServerMessage {
        public String type() {
            return "chat_message";
        }

        public String sender() {
            return message.username();
        }
    }

    record BulkPrivateMessages(List<PrivateMessage> messages) implements ServerMessage {
        public String type() {
            return "bulk_private_messages";
        }
    }

    record Private(PrivateMessage message) implements ServerMessage {
        public String type() {
            return "private_chat_message";
        }

        public String sender() {
            return message.username();
        }
    }

    record Presence(UserStatus user) implements ServerMessage {
        public String type() {
            return "user_status";
        }
    }

    /** Also carries a top-level {@code users} array of usernames, which the original dashboard reads. */
    record ConnectedUsers(List<UserStatus> users) implements ServerMessage {
        public String type() {
            return "connected_users";
        }
    }

    /**
     * Our addition, for clients that connected with {@code ?presence=batch}: who is online, as a
     * {@code snapshot} on connect (the first page), {@code changes} once per presence interval, or a
     * {@code page} answering {@code get_presence}. {@code next} is the cursor of the following page, or null.
     */
    record PresenceList(Kind kind, int onlineCount, List<UserStatus> online, List<String> offline, String next,
                        String nonce) implements ServerMessage {
        public enum Kind { SNAPSHOT, CHANGES, PAGE }

        public PresenceList {
            online = List.copyOf(online);
            offline = List.copyOf(offline);
        }

        public String type() {
            return "presence";
        }
    }

    /** Ours, for clients that connected with {@code ?channels=open}: the channels whose live messages they now get. */
    record ChannelsOpened(List<String> channels, String nonce) implements ServerMessage {
        public ChannelsOpened {
            channels = List.copyOf(channels);
        }

        public String type() {
            return "channels_opened";
        }
    }

    /**
     * Ours, for clients that opened channels: how many public messages each channel got in the last
     * interval (every channel with any, the same frame for all such clients; a client adds the counts
     * of the channels it does not have open to their unread counts).
     */
    record ChannelActivity(List<ChannelCount> channels) implements ServerMessage {
        public ChannelActivity {
            channels = List.copyOf(channels);
        }

        public String type() {
            return "channel_activity";
        }
    }

    /** Our addition: confirms a send that carried a {@code nonce}; the message is durable when this arrives. */
    record Ack(String nonce, long id) implements ServerMessage {
        public String type() {
            return "ack";
        }
    }

    /** Our addition: the connection's token expires soon; send {@code refresh_token} or be closed with 4001. */
    record TokenExpiring(java.time.Instant expiresAt, long expiresInMs) implements ServerMessage {
        public String type() {
            return "token_expiring";
        }
    }

    /** Our addition: a {@code refresh_token} was accepted; the connection now lives until {@code expiresAt}. */
    record TokenRefreshed(java.time.Instant expiresAt, String nonce) implements ServerMessage {
        public String type() {
            return "token_refreshed";
        }
    }

    /** Our addition: a refused inbound frame; {@code retryAfterMs} and {@code nonce} may be null. */
    record Error(ErrorCode code, String message, Long retryAfterMs, String nonce) implements ServerMessage {
        public String type() {
            return "error";
        }
    }

    /** Our addition: public messages an admin deleted; clients should drop them from view. */
    record MessageDeleted(List<Long> ids) implements ServerMessage {
        public MessageDeleted {
            ids = List.copyOf(ids);
        }

        public String type() {
            return "message_deleted";
        }
    }

    /** Our addition, for clients that connected with {@code ?edits=1}: a public message's new text. */
    record MessageEdited(long id, String channel, String message, Instant editedAt) implements ServerMessage {
        public String type() {
            return "message_edited";
        }
    }

    /**
     * Our addition, sent to admin dashboard connections only: the figures the live feed starts from,
     * right after the connect sequence.
     */
    record AnalyticsSnapshot(int onlineUsers, List<ChannelCount> messageCounts, Instant asOf) implements ServerMessage {
        public AnalyticsSnapshot {
            messageCounts = List.copyOf(messageCounts);
        }

        public String type() {
            return "analytics_snapshot";
        }
    }

    /**
     * Our addition, admin dashboards only: what happened in [from, to), coalesced, at most one per
     * feed interval; {@code channels} lists the public messages per channel in that window.
     */
    record AnalyticsUpdate(int onlineUsers, long publicMessages, long privateMessages, List<ChannelCount> channels,
                           Instant from, Instant to) implements ServerMessage {
        public AnalyticsUpdate {
            channels = List.copyOf(channels);
        }

        public String type() {
            return "analytics_update";
        }
    }

    /**
     * Ours, for clients that connected with {@code ?since_public=…&since_private=…}: the public and
     * private messages stored after those ids, oldest first, sent instead of the connect history; and
     * what became of the public messages at or below the public id while the client was away: their
     * current text ({@code edited}, each as a {@code message_edited} payload) and the ids deleted.
     */
    record Resumed(List<ChatMessage> messages, List<PrivateMessage> privateMessages, List<MessageEdited> edited,
                   List<Long> deleted) implements ServerMessage {
        public Resumed {
            messages = List.copyOf(messages);
            privateMessages = List.copyOf(privateMessages);
            edited = List.copyOf(edited);
            deleted = List.copyOf(deleted);
        }

        public String type() {
            return "resumed";
        }
    }

    /**
     * Ours, for clients that connected with {@code ?typing=1}: {@code username} is typing in
     * {@code channel}, or (channel null) in the private conversation with the receiver; shown for
     * {@code expiresInMs} unless another one renews it.
     */
    record Typing(String userId, String username, String channel, long expiresInMs) implements ServerMessage {
        public String type() {
            return "typing";
        }
    }

    /**
     * Ours: a resume the server cannot serve ({@code too_far_behind}: more than {@code maxMessages}
     * of a kind were missed; {@code unknown_position}: an id the server never handed out;
     * {@code unavailable}: the database could not be read); the usual
     * connect history follows, to replace what the client holds.
     */
    record ResyncNeeded(String reason, int maxMessages) implements ServerMessage {
        public String type() {
            return "resync_needed";
        }
    }

    /** Ours, answering {@code get_history} for a channel: a page of its messages, oldest first. */
    record ChannelHistory(String channel, List<ChatMessage> messages, boolean hasMore, String nonce)
            implements ServerMessage {
        public ChannelHistory {
            messages = List.copyOf(messages);
        }

        public String type() {
            return "history";
        }
    }

    /** Ours, answering {@code get_history} for a private conversation with {@code userId}: a page, oldest first. */
    record ConversationHistory(String userId, List<PrivateMessage> messages, boolean hasMore, String nonce)
            implements ServerMessage {
        public ConversationHistory {
            messages = List.copyOf(messages);
        }

        public String type() {
            return "history";
        }
    }

    /**
     * Ours, for clients that connected with {@code ?markers=1}: the user's read marker of {@code channel}, or
     * (channel null) of the private conversation with {@code userId}, moved up to message {@code id}.
     */
    record ReadMarker(String channel, String userId, long id) implements ServerMessage {
        public String type() {
            return "read_marker";
        }
    }

    /**
     * Ours, for clients that connected with {@code ?markers=1}, at connect: how many messages of
     * others came after the user's read marker, per channel and per private conversation (only those with any);
     * a count of {@code limit} means at least that many.
     */
    record UnreadCounts(List<ChannelCount> channels, List<ConversationCount> conversations, int limit)
            implements ServerMessage {
        public UnreadCounts {
            channels = List.copyOf(channels);
            conversations = List.copyOf(conversations);
        }

        public String type() {
            return "unread_counts";
        }
    }

    /** Unread messages of the private conversation with {@code userId}. */
    record ConversationCount(String userId, long count) {
    }
}
