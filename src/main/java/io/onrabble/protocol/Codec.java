package io.onrabble.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.domain.Channel;
import io.onrabble.domain.ChannelCount;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.ControlCharacters;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.domain.UserStatus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON codec of the OnRabble protocol, hand-written on purpose, unlike the internal forms
 * (which use Jackson databind): encoding is written field by field because clients depend on the
 * reference's exact bytes (field names and order, omitted fields, {@code cacheID}, RFC 3339 times to
 * the microsecond), which a data-binding mapping would not keep; decoding validates field by field
 * so that each refusal names the field at fault, and yields a {@link ClientMessage}.
 */
public final class Codec {
    private static final int MAX_NONCE_CHARS = 128;
    private static final int MAX_NAME_CHARS = 255;
    private static final int MAX_LIST = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final int maxMessageChars;

    public Codec(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
    }

    /** The message with its bytes, encoded once for every recipient. */
    public Frame frame(ServerMessage message) {
        return new Frame(message.type(), encode(message));
    }

    public byte[] encode(ServerMessage message) {
        var out = new ByteArrayOutputStream(256);
        try (var json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", message.type());
            json.writeStringField("sender", message.sender());
            json.writeFieldName("payload");
            writePayload(json, message);
            if (message instanceof ServerMessage.ConnectedUsers users) {
                json.writeArrayFieldStart("users");
                for (var user : users.users()) {
                    json.writeString(user.username());
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Only the payload object of {@code message}: REST answers that share a frame's shape (GET /channels
     * is the payload of {@code active_channels}) are written by the same code.
     */
    public byte[] encodePayload(ServerMessage message) {
        var out = new ByteArrayOutputStream(256);
        try (var json = FACTORY.createGenerator(out)) {
            writePayload(json, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writePayload(JsonGenerator json, ServerMessage message) throws IOException {
        json.writeStartObject();
        switch (message) {
            case ServerMessage.ActiveChannels m -> {
                json.writeArrayFieldStart("channels");
                for (var channel : m.channels()) {
                    writeChannel(json, channel);
                }
                json.writeEndArray();
            }
            case ServerMessage.BulkChatMessages m -> {
                json.writeArrayFieldStart("messages");
                for (var chat : m.messages()) {
                    writeChat(json, chat);
                }
                json.writeEndArray();
            }
            case ServerMessage.Chat m -> writeChatFields(json, m.message());
            case ServerMessage.BulkPrivateMessages m -> writePrivates(json, "messages", m.messages());
            case ServerMessage.Private m -> writePrivateFields(json, m.message());
            case ServerMessage.Presence m -> writeUserFields(json, m.user());
            case ServerMessage.ConnectedUsers m -> writeUsers(json, m.users());
            case ServerMessage.PresenceList m -> writePresenceList(json, m);
            case ServerMessage.ChannelsOpened m -> {
                json.writeArrayFieldStart("channels");
                for (var channel : m.channels()) {
                    json.writeString(channel);
                }
                json.writeEndArray();
                if (m.nonce() != null) {
                    json.writeStringField("nonce", m.nonce());
                }
            }
            case ServerMessage.ChannelActivity m -> writeChannelCounts(json, "channels", m.channels());
            case ServerMessage.Ack m -> {
                json.writeNumberField("id", m.id());
                if (m.nonce() != null) {
                    json.writeStringField("nonce", m.nonce());
                }
            }
            case ServerMessage.TokenExpiring m -> {
                json.writeStringField("expires_at", Timestamps.format(m.expiresAt()));
                json.writeNumberField("expires_in_ms", m.expiresInMs());
            }
            case ServerMessage.TokenRefreshed m -> {
                json.writeStringField("expires_at", Timestamps.format(m.expiresAt()));
                if (m.nonce() != null) {
                    json.writeStringField("nonce", m.nonce());
                }
            }
            case ServerMessage.MessageDeleted m -> {
                json.writeArrayFieldStart("ids");
                for (var id : m.ids()) {
                    json.writeNumber(id);
                }
                json.writeEndArray();
            }
            case ServerMessage.MessageEdited m -> writeEditedFields(json, m);
            case ServerMessage.AnalyticsSnapshot m -> {
                json.writeNumberField("online_users", m.onlineUsers());
                writeChannelCounts(json, "message_count_by_channel", m.messageCounts());
                json.writeStringField("as_of", Timestamps.format(m.asOf()));
            }
            case ServerMessage.AnalyticsUpdate m -> {
                json.writeNumberField("online_users", m.onlineUsers());
                json.writeNumberField("public_messages", m.publicMessages());
                json.writeNumberField("private_messages", m.privateMessages());
                writeChannelCounts(json, "channels", m.channels());
                json.writeStringField("from", Timestamps.format(m.from()));
                json.writeStringField("to", Timestamps.format(m.to()));
            }
            case ServerMessage.Resumed m -> {
                writeChats(json, m.messages());
                writePrivates(json, "private_messages", m.privateMessages());
                // Left out when empty (the usual case): the frame of a resume with nothing changed stays as it was.
                if (!m.edited().isEmpty()) {
                    json.writeArrayFieldStart("edited");
                    for (var edited : m.edited()) {
                        json.writeStartObject();
                        writeEditedFields(json, edited);
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
                if (!m.deleted().isEmpty()) {
                    json.writeArrayFieldStart("deleted");
                    for (var id : m.deleted()) {
                        json.writeNumber(id);
                    }
                    json.writeEndArray();
                }
            }
            case ServerMessage.ResyncNeeded m -> {
                json.writeStringField("reason", m.reason());
                json.writeNumberField("max_messages", m.maxMessages());
            }
            case ServerMessage.ChannelHistory m -> {
                json.writeStringField("channel", m.channel());
                writeChats(json, m.messages());
                writePage(json, m.hasMore(), m.nonce());
            }
            case ServerMessage.ConversationHistory m -> {
                json.writeStringField("user_id", m.userId());
                writePrivates(json, "messages", m.messages());
                writePage(json, m.hasMore(), m.nonce());
            }
            case ServerMessage.Typing m -> {
                json.writeStringField("user_id", m.userId());
                json.writeStringField("username", m.username());
                if (m.channel() != null) {
                    json.writeStringField("channel", m.channel());
                }
                json.writeNumberField("expires_in_ms", m.expiresInMs());
            }
            case ServerMessage.ReadMarker m -> {
                writeConversation(json, m.channel(), m.userId());
                json.writeNumberField("id", m.id());
            }
            case ServerMessage.UnreadCounts m -> writeUnreadCounts(json, m);
            case ServerMessage.Error m -> {
                json.writeStringField("code", m.code().wire());
                json.writeStringField("message", m.message());
                if (m.retryAfterMs() != null) {
                    json.writeNumberField("retry_after_ms", m.retryAfterMs());
                }
                if (m.nonce() != null) {
                    json.writeStringField("nonce", m.nonce());
                }
            }
        }
        json.writeEndObject();
    }

    /** The shape of the REST {@code /activity/channels} rows: {@code {"channel", "message_count"}}. */
    private static void writeChannelCounts(JsonGenerator json, String field, List<ChannelCount> counts) throws IOException {
        json.writeArrayFieldStart(field);
        for (var count : counts) {
            json.writeStartObject();
            json.writeStringField("channel", count.channel());
            json.writeNumberField("message_count", count.count());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeChats(JsonGenerator json, List<ChatMessage> messages) throws IOException {
        json.writeArrayFieldStart("messages");
        for (var chat : messages) {
            writeChat(json, chat);
        }
        json.writeEndArray();
    }

    private static void writeEditedFields(JsonGenerator json, ServerMessage.MessageEdited edited) throws IOException {
        json.writeNumberField("id", edited.id());
        json.writeStringField("channel", edited.channel());
        json.writeStringField("message", edited.message());
        json.writeStringField("edited_at", Timestamps.format(edited.editedAt()));
    }

    private static void writePrivates(JsonGenerator json, String field, List<PrivateMessage> messages) throws IOException {
        json.writeArrayFieldStart(field);
        for (var dm : messages) {
            json.writeStartObject();
            writePrivateFields(json, dm);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writePage(JsonGenerator json, boolean hasMore, String nonce) throws IOException {
        json.writeBooleanField("has_more", hasMore);
        if (nonce != null) {
            json.writeStringField("nonce", nonce);
        }
    }

    /** A channel by name, or the private conversation with {@code userId}. */
    private static void writeConversation(JsonGenerator json, String channel, String userId) throws IOException {
        if (channel != null) {
            json.writeStringField("channel", channel);
        } else {
            json.writeStringField("user_id", userId);
        }
    }

    private static void writeUnreadCounts(JsonGenerator json, ServerMessage.UnreadCounts counts) throws IOException {
        json.writeArrayFieldStart("channels");
        for (var count : counts.channels()) {
            json.writeStartObject();
            json.writeStringField("channel", count.channel());
            json.writeNumberField("unread", count.count());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("private");
        for (var count : counts.conversations()) {
            json.writeStartObject();
            json.writeStringField("user_id", count.userId());
            json.writeNumberField("unread", count.count());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("limit", counts.limit());
    }

    private static void writeChannel(JsonGenerator json, Channel channel) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", channel.id());
        json.writeStringField("name", channel.name());
        if (channel.description() != null) {
            json.writeStringField("description", channel.description());
        }
        if (channel.sortOrder() != 0) {
            json.writeNumberField("sort_order", channel.sortOrder());
        }
        json.writeEndObject();
    }

    private static void writeChat(JsonGenerator json, ChatMessage chat) throws IOException {
        json.writeStartObject();
        writeChatFields(json, chat);
        json.writeEndObject();
    }

    private static void writeChatFields(JsonGenerator json, ChatMessage chat) throws IOException {
        json.writeNumberField("cacheID", chat.id());
        json.writeStringField("owner_id", chat.ownerId());
        json.writeStringField("username", chat.username());
        json.writeStringField("channel", chat.channel());
        json.writeStringField("message", chat.message());
        json.writeStringField("authored_at", Timestamps.format(chat.authoredAt()));
    }

    private static void writePrivateFields(JsonGenerator json, PrivateMessage dm) throws IOException {
        json.writeNumberField("cacheID", dm.id());
        json.writeStringField("owner_id", dm.ownerId());
        json.writeStringField("username", dm.username());
        json.writeStringField("recipient_id", dm.recipientId());
        json.writeStringField("recipient", dm.recipient());
        json.writeStringField("message", dm.message());
        json.writeStringField("authored_at", Timestamps.format(dm.authoredAt()));
    }

    private static void writeUsers(JsonGenerator json, List<UserStatus> users) throws IOException {
        json.writeArrayFieldStart("users");
        for (var user : users) {
            json.writeStartObject();
            writeUserFields(json, user);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writePresenceList(JsonGenerator json, ServerMessage.PresenceList list) throws IOException {
        json.writeStringField("kind", list.kind().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("online_count", list.onlineCount());
        json.writeArrayFieldStart("online");
        for (var user : list.online()) {
            json.writeStartObject();
            json.writeStringField("username", user.username());
            json.writeStringField("id", user.id());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("offline");
        for (var id : list.offline()) {
            json.writeString(id);
        }
        json.writeEndArray();
        if (list.next() != null) {
            json.writeStringField("next", list.next());
        }
        if (list.nonce() != null) {
            json.writeStringField("nonce", list.nonce());
        }
    }

    /**
     * A {@code connected_users} frame with one more user, spliced into the bytes of {@code frame}
     * instead of encoding the whole list again: a joining session sees itself in a list shared by all.
     */
    public Frame withUser(Frame frame, UserStatus user) {
        if (!"connected_users".equals(frame.type())) {
            throw new IllegalArgumentException("only a connected_users frame lists users");
        }
        // In bytes, copied once: every joining legacy client gets this, and the list can hold a thousand
        // users. Neither marker can occur inside a JSON string (their quotes would be escaped there),
        // and an ASCII byte never occurs inside a UTF-8 sequence.
        var json = frame.json();
        var payloadEnd = lastIndexOf(json, USERS_MARKER);
        var comma = json[payloadEnd - 1] == '[' ? new byte[0] : new byte[] {','};
        var entry = encodePayload(new ServerMessage.Presence(user));
        var name = MAPPER.valueToTree(user.username()).toString().getBytes(StandardCharsets.UTF_8);
        var namesEnd = json.length - 2;
        var spliced = new ByteArrayOutputStream(json.length + 2 * comma.length + entry.length + name.length);
        spliced.write(json, 0, payloadEnd);
        spliced.writeBytes(comma);
        spliced.writeBytes(entry);
        spliced.write(json, payloadEnd, namesEnd - payloadEnd);
        spliced.writeBytes(comma);
        spliced.writeBytes(name);
        spliced.write(json, namesEnd, 2);
        return new Frame(frame.type(), spliced.toByteArray());
    }

    private static final byte[] USERS_MARKER = "]},\"users\":[".getBytes(StandardCharsets.US_ASCII);

    /** From the end: only the names follow the marker, a fraction of the bytes before it. */
    private static int lastIndexOf(byte[] bytes, byte[] marker) {
        outer:
        for (var i = bytes.length - marker.length; i >= 0; i--) {
            for (var j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not a connected_users frame");
    }

    private static void writeUserFields(JsonGenerator json, UserStatus user) throws IOException {
        json.writeStringField("username", user.username());
        json.writeStringField("id", user.id());
        json.writeBooleanField("status", user.status());
    }

    /** Parses and validates one inbound text frame; throws {@link ProtocolException} for anything refused. */
    public ClientMessage decode(String text) {
        JsonNode root;
        try {
            root = StrictJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "frame is not valid JSON: it must be one JSON object, with no trailing data and no key twice");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame must be a JSON object");
        }
        var nonce = optionalString(root, "nonce", null);
        if (nonce != null && nonce.length() > MAX_NONCE_CHARS) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "nonce is longer than " + MAX_NONCE_CHARS + " characters");
        }
        var type = requiredString(root, "type", nonce);
        return switch (type) {
            case "chat_message" -> new ClientMessage.SendChat(
                    bounded(root, "channel", nonce), messageText(root, nonce), nonce);
            case "private_chat_message" -> new ClientMessage.SendPrivate(
                    bounded(root, "recipient_id", nonce), messageText(root, nonce), nonce);
            case "refresh_token" -> new ClientMessage.RefreshToken(requiredString(root, "token", nonce), nonce);
            case "get_presence" -> getPresence(root, nonce);
            case "open_channels" -> {
                var channels = optionalStrings(root, "channels", nonce);
                if (channels == null) {
                    throw new ProtocolException(ErrorCode.BAD_REQUEST, "'channels' is required", nonce);
                }
                yield new ClientMessage.OpenChannels(channels, nonce);
            }
            case "get_history" -> getHistory(root, nonce);
            case "typing" -> {
                var where = conversation(root, "recipient_id", nonce);
                yield new ClientMessage.Typing(where[0], where[1], nonce);
            }
            case "mark_read" -> {
                var where = conversation(root, "user_id", nonce);
                yield new ClientMessage.MarkRead(where[0], where[1], messageId(root, nonce), nonce);
            }
            case "edit_message" -> new ClientMessage.EditMessage(messageId(root, nonce), messageText(root, nonce), nonce);
            case "delete_message" -> new ClientMessage.DeleteMessage(messageId(root, nonce), nonce);
            default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown message type '" + abbreviate(type) + "'", nonce);
        };
    }

    private static ClientMessage.GetPresence getPresence(JsonNode root, String nonce) {
        var after = optionalString(root, "after", nonce);
        var limit = root.path("limit");
        if (!limit.isMissingNode() && !limit.isNull() && !limit.canConvertToInt()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'limit' must be a whole number", nonce);
        }
        return new ClientMessage.GetPresence(after, limit.isNumber() ? limit.intValue() : null,
                optionalStrings(root, "ids", nonce), nonce);
    }

    private static ClientMessage.GetHistory getHistory(JsonNode root, String nonce) {
        var channel = root.hasNonNull("channel") ? bounded(root, "channel", nonce) : null;
        var userId = root.hasNonNull("user_id") ? bounded(root, "user_id", nonce) : null;
        if ((channel == null) == (userId == null)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "give exactly one of 'channel' and 'user_id'", nonce);
        }
        var before = root.path("before");
        if (!before.isMissingNode() && !before.isNull() && !(before.canConvertToLong() && before.isIntegralNumber()
                && before.longValue() > 0)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'before' must be a message id (a whole number above 0)", nonce);
        }
        var limit = root.path("limit");
        if (!limit.isMissingNode() && !limit.isNull() && !(limit.isIntegralNumber() && limit.canConvertToInt())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'limit' must be a whole number", nonce);
        }
        return new ClientMessage.GetHistory(channel, userId, before.isNumber() ? before.longValue() : null,
                limit.isNumber() ? limit.intValue() : null, nonce);
    }

    /** Exactly one of {@code channel} and {@code peerField}: {channel, null} or {null, peer id}. */
    private static String[] conversation(JsonNode root, String peerField, String nonce) {
        var hasChannel = root.hasNonNull("channel");
        if (hasChannel == root.hasNonNull(peerField)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "exactly one of 'channel' and '" + peerField
                    + "' is required", nonce);
        }
        return hasChannel ? new String[] {bounded(root, "channel", nonce), null}
                : new String[] {null, bounded(root, peerField, nonce)};
    }

    /** A message id: a whole number above zero. */
    private static long messageId(JsonNode root, String nonce) {
        var id = root.path("id");
        if (!id.canConvertToLong() || !id.isIntegralNumber() || id.longValue() < 1) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'id' must be a message id (a whole number above 0)", nonce);
        }
        return id.longValue();
    }

    /** An optional array of names or ids, at most {@value #MAX_LIST} of them. */
    private static List<String> optionalStrings(JsonNode root, String field, String nonce) {
        var node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > MAX_LIST) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' must be an array of at most "
                    + MAX_LIST + " strings", nonce);
        }
        var values = new ArrayList<String>(node.size());
        for (var element : node) {
            if (!element.isTextual() || element.textValue().length() > MAX_NAME_CHARS) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' must hold strings of at most "
                        + MAX_NAME_CHARS + " characters", nonce);
            }
            values.add(element.textValue());
        }
        return values;
    }

    private String messageText(JsonNode root, String nonce) {
        var text = requiredString(root, "message", nonce);
        if (text.isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "message must not be empty", nonce);
        }
        if (ControlCharacters.anyBesidesLineBreaks(text)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "message must not contain control characters other than tabs and line breaks", nonce);
        }
        if (text.codePointCount(0, text.length()) > maxMessageChars) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "message is longer than " + maxMessageChars + " characters", nonce);
        }
        return text;
    }

    /** A required name or id: no real one is longer than {@value #MAX_NAME_CHARS} characters or holds a control character. */
    private static String bounded(JsonNode root, String field, String nonce) {
        var value = requiredString(root, field, nonce);
        if (value.length() > MAX_NAME_CHARS) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' is longer than " + MAX_NAME_CHARS
                    + " characters", nonce);
        }
        if (ControlCharacters.any(value)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' must not contain control characters", nonce);
        }
        return value;
    }

    private static String requiredString(JsonNode root, String field, String nonce) {
        var value = optionalString(root, field, nonce);
        if (value == null || value.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' is required", nonce);
        }
        return value;
    }

    private static String optionalString(JsonNode root, String field, String nonce) {
        var node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' must be a string", nonce);
        }
        return node.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
