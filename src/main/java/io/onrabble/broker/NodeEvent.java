package io.onrabble.broker;

import io.onrabble.domain.Channel;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.protocol.ServerMessage;

import java.util.List;
import java.util.Set;

/**
 * What one node tells every node (itself included) through the {@link Broker}. Events for clients
 * carry their wire frame, encoded once by the publishing node, plus the few facts receivers need
 * without decoding it (ids to skip what a connect history already holds, recipients, the channel to
 * count); each kind has its own method in {@link NodeEventHandler}.
 */
public sealed interface NodeEvent {

    /** A public message, for every connection (dashboards included). */
    record Chat(long id, String channel, Frame frame) implements NodeEvent {
        public Chat {
            requireType(frame, "chat_message");
        }

        public static Chat of(Codec codec, ChatMessage message) {
            return new Chat(message.id(), message.channel(), codec.frame(new ServerMessage.Chat(message)));
        }
    }

    /** A direct message, for every connection of its sender and its recipient. */
    record Private(long id, Set<String> userIds, Frame frame) implements NodeEvent {
        public Private {
            userIds = Set.copyOf(userIds);
            requireType(frame, "private_chat_message");
        }

        public static Private of(Codec codec, PrivateMessage message) {
            return new Private(message.id(), Set.of(message.ownerId(), message.recipientId()),
                    codec.frame(new ServerMessage.Private(message)));
        }
    }

    /** A user came online or went offline (on any node), for every connection. */
    record PresenceChanged(String userId, boolean online, Frame frame) implements NodeEvent {
        public PresenceChanged {
            requireType(frame, "user_status");
        }

        public static PresenceChanged of(Codec codec, UserStatus user) {
            return new PresenceChanged(user.id(), user.status(), codec.frame(new ServerMessage.Presence(user)));
        }
    }

    /** An admin deleted these public messages, for every connection. */
    record MessagesDeleted(List<Long> ids, Frame frame) implements NodeEvent {
        public MessagesDeleted {
            ids = List.copyOf(ids);
            requireType(frame, "message_deleted");
        }

        public static MessagesDeleted of(Codec codec, List<Long> ids) {
            return new MessagesDeleted(ids, codec.frame(new ServerMessage.MessageDeleted(ids)));
        }
    }

    /** A public message's new text, for the connections that asked for edits ({@code ?edits=1}). */
    record MessageEdited(long id, Frame frame) implements NodeEvent {
        public MessageEdited {
            requireType(frame, "message_edited");
        }

        public static MessageEdited of(Codec codec, ChatMessage edited, MessageEdit edit) {
            return new MessageEdited(edit.id(), codec.frame(
                    new ServerMessage.MessageEdited(edit.id(), edited.channel(), edit.message(), edit.editedAt())));
        }
    }

    /** Close every connection of {@code userId} with {@code closeCode} (e.g. a ban). */
    record Disconnect(String userId, short closeCode, String reason) implements NodeEvent {
    }

    /** The channel list changed: every node adopts it and sends its connections a fresh {@code active_channels}. */
    record ChannelsChanged(List<Channel> channels) implements NodeEvent {
        public ChannelsChanged {
            channels = List.copyOf(channels);
        }
    }

    /** Rate-limit rules changed in the store: every node reloads them. */
    record RateLimitsChanged() implements NodeEvent {
    }

    /**
     * Someone is typing (never stored): in {@code channel}, for the connections that receive it, or
     * (channel null) to {@code recipientId}; never to connections of {@code senderId} itself.
     */
    record Typing(String senderId, String channel, String recipientId, Frame frame) implements NodeEvent {
        public Typing {
            if ((channel == null) == (recipientId == null)) {
                throw new IllegalArgumentException("a typing event is for a channel or for a recipient");
            }
            requireType(frame, "typing");
        }
    }

    /** {@code userId}'s read marker moved: for every connection of that user. */
    record ReadMarkerMoved(String userId, Frame frame) implements NodeEvent {
        public ReadMarkerMoved {
            requireType(frame, "read_marker");
        }
    }

    /** A frame of another type would reach clients under the wrong event: a programming error. */
    private static void requireType(Frame frame, String type) {
        if (!type.equals(frame.type())) {
            throw new IllegalArgumentException("a " + frame.type() + " frame cannot travel as a " + type + " event");
        }
    }
}
