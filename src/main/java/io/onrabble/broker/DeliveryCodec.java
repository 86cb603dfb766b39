package io.onrabble.broker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.onrabble.domain.Channel;
import io.onrabble.protocol.Frame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A {@link NodeEvent} as it travels between nodes (not the wire protocol): one line of JSON, the
 * event without its frame (Jackson databind), then, for events that carry one, a newline and the
 * frame's bytes exactly as the publishing node encoded them. A receiving node therefore hands its
 * clients those bytes without decoding and re-encoding the message (a frame's JSON never holds a raw
 * newline). Reading is strict: anything incomplete is an {@link IllegalArgumentException}.
 */
final class DeliveryCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectWriter WRITER = JSON.writerFor(Header.class);
    private static final ObjectReader READER = JSON.readerFor(Header.class);

    /** The event without its frame; {@code kind} names which one. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Header.Chat.class, name = "chat"),
            @JsonSubTypes.Type(value = Header.Private.class, name = "private"),
            @JsonSubTypes.Type(value = Header.Presence.class, name = "presence"),
            @JsonSubTypes.Type(value = Header.Deleted.class, name = "deleted"),
            @JsonSubTypes.Type(value = Header.Disconnect.class, name = "disconnect"),
            @JsonSubTypes.Type(value = Header.Channels.class, name = "channels"),
            @JsonSubTypes.Type(value = Header.RateLimits.class, name = "rate_limits"),
            @JsonSubTypes.Type(value = Header.Typing.class, name = "typing"),
            @JsonSubTypes.Type(value = Header.ReadMarker.class, name = "read_marker"),
            @JsonSubTypes.Type(value = Header.Edited.class, name = "edited")})
    sealed interface Header {
        record Chat(long id, String channel) implements Header {
        }

        record Private(long id, Set<String> users) implements Header {
        }

        record Presence(String user, boolean online) implements Header {
        }

        record Deleted(List<Long> ids) implements Header {
        }

        record Disconnect(String user, short code, String reason) implements Header {
        }

        record Channels(List<Channel> channels) implements Header {
        }

        record RateLimits() implements Header {
        }

        record Typing(String sender, String channel, String recipient) implements Header {
        }

        record ReadMarker(String user) implements Header {
        }

        record Edited(long id) implements Header {
        }
    }

    private DeliveryCodec() {
    }

    static String encode(NodeEvent event) {
        var header = switch (event) {
            case NodeEvent.Chat chat -> new Header.Chat(chat.id(), chat.channel());
            case NodeEvent.Private dm -> new Header.Private(dm.id(), dm.userIds());
            case NodeEvent.PresenceChanged presence -> new Header.Presence(presence.userId(), presence.online());
            case NodeEvent.MessagesDeleted deleted -> new Header.Deleted(deleted.ids());
            case NodeEvent.Disconnect disconnect ->
                    new Header.Disconnect(disconnect.userId(), disconnect.closeCode(), disconnect.reason());
            case NodeEvent.ChannelsChanged changed -> new Header.Channels(changed.channels());
            case NodeEvent.RateLimitsChanged ignored -> new Header.RateLimits();
            case NodeEvent.Typing typing -> new Header.Typing(typing.senderId(), typing.channel(), typing.recipientId());
            case NodeEvent.ReadMarkerMoved marker -> new Header.ReadMarker(marker.userId());
            case NodeEvent.MessageEdited edited -> new Header.Edited(edited.id());
        };
        var frame = switch (event) {
            case NodeEvent.Chat chat -> chat.frame();
            case NodeEvent.Private dm -> dm.frame();
            case NodeEvent.PresenceChanged presence -> presence.frame();
            case NodeEvent.MessagesDeleted deleted -> deleted.frame();
            case NodeEvent.Typing typing -> typing.frame();
            case NodeEvent.ReadMarkerMoved marker -> marker.frame();
            case NodeEvent.MessageEdited edited -> edited.frame();
            default -> null;
        };
        try {
            var line = WRITER.writeValueAsString(header);
            return frame == null ? line : line + '\n' + new String(frame.json(), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a node event could not be written as JSON", e);
        }
    }

    static NodeEvent decode(String text) {
        var newline = text.indexOf('\n');
        var line = newline < 0 ? text : text.substring(0, newline);
        var json = newline < 0 ? null : text.substring(newline + 1).getBytes(StandardCharsets.UTF_8);
        Header header;
        try {
            header = READER.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a node event: " + e.getOriginalMessage());
        }
        return switch (header) {
            case Header.Chat chat -> new NodeEvent.Chat(chat.id(), required(chat.channel(), "channel"),
                    frame("chat_message", json));
            case Header.Private dm -> new NodeEvent.Private(dm.id(), required(dm.users(), "users"),
                    frame("private_chat_message", json));
            case Header.Presence presence -> new NodeEvent.PresenceChanged(required(presence.user(), "user"),
                    presence.online(), frame("user_status", json));
            case Header.Deleted deleted -> new NodeEvent.MessagesDeleted(required(deleted.ids(), "ids"),
                    frame("message_deleted", json));
            case Header.Disconnect disconnect -> new NodeEvent.Disconnect(required(disconnect.user(), "user"),
                    disconnect.code(), disconnect.reason());
            case Header.Channels channels -> new NodeEvent.ChannelsChanged(required(channels.channels(), "channels"));
            case Header.RateLimits ignored -> new NodeEvent.RateLimitsChanged();
            case Header.Typing typing -> new NodeEvent.Typing(required(typing.sender(), "sender"), typing.channel(),
                    typing.recipient(), frame("typing", json));
            case Header.ReadMarker marker -> new NodeEvent.ReadMarkerMoved(required(marker.user(), "user"),
                    frame("read_marker", json));
            case Header.Edited edited -> new NodeEvent.MessageEdited(edited.id(), frame("message_edited", json));
        };
    }

    private static Frame frame(String type, byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("a " + type + " event without its frame");
        }
        return new Frame(type, json);
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("no '" + field + "' in a node event");
        }
        return value;
    }
}
