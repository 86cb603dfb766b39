package io.onrabble.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages as the server keeps them outside the database (Valkey rings and queue, deliveries
 * between nodes). Not the wire protocol: every record survives a round trip exactly (times as epoch
 * microseconds, channel ids kept), and reading is strict: anything incomplete or of the wrong type is
 * an {@link IllegalArgumentException}. The mapping is Jackson databind on the {@link Chat} and
 * {@link Private} records; their field names are what queues of running deployments already hold.
 */
public final class InternalJson {
    /**
     * Strict where the old hand-written reader was: every field present and of its own JSON type (no
     * number read as text, no text as a number, no float as an id). Unknown fields are ignored, as before.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    private InternalJson() {
    }

    /** A public message; {@code id} is null in a draft, which the Valkey append script completes. */
    @JsonPropertyOrder({"id", "owner_id", "username", "channel_id", "channel", "message", "authored_at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chat(Long id, @JsonProperty("owner_id") String ownerId, String username,
                       @JsonProperty("channel_id") long channelId, String channel, String message,
                       @JsonProperty("authored_at") long authoredAt) {

        public static Chat of(ChatMessage m, boolean withId) {
            return new Chat(withId ? m.id() : null, m.ownerId(), m.username(), m.channelId(), m.channel(), m.message(),
                    Timestamps.toMicros(m.authoredAt()));
        }

        /** For a record that was read: the strict reader made sure it has an id. */
        public ChatMessage toDomain() {
            return new ChatMessage(id, ownerId, username, channelId, channel, message, Timestamps.fromMicros(authoredAt));
        }
    }

    /** A private message; {@code id} is null in a draft. */
    @JsonPropertyOrder({"id", "owner_id", "username", "recipient_id", "recipient", "message", "authored_at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Private(Long id, @JsonProperty("owner_id") String ownerId, String username,
                          @JsonProperty("recipient_id") String recipientId, String recipient, String message,
                          @JsonProperty("authored_at") long authoredAt) {

        public static Private of(PrivateMessage m, boolean withId) {
            return new Private(withId ? m.id() : null, m.ownerId(), m.username(), m.recipientId(), m.recipient(),
                    m.message(), Timestamps.toMicros(m.authoredAt()));
        }

        public PrivateMessage toDomain() {
            return new PrivateMessage(id, ownerId, username, recipientId, recipient, message,
                    Timestamps.fromMicros(authoredAt));
        }
    }

    /** The message as JSON text; {@code withId} false leaves the id to be filled in later (the Valkey append script). */
    public static String write(ChatMessage m, boolean withId) {
        return write(Chat.of(m, withId));
    }

    public static String write(PrivateMessage m, boolean withId) {
        return write(Private.of(m, withId));
    }

    public static ChatMessage readChat(String json) {
        return read(json, Chat.class).toDomain();
    }

    public static PrivateMessage readPrivate(String json) {
        return read(json, Private.class).toDomain();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON");
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a complete " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    // The tree forms below serve DeliveryCodec (broker), which moves to databind separately.

    /** The message's fields as a tree, for a delivery that embeds it. */
    public static ObjectNode chat(ChatMessage m, boolean withId) {
        return JSON.valueToTree(Chat.of(m, withId));
    }

    public static ObjectNode privateMessage(PrivateMessage m, boolean withId) {
        return JSON.valueToTree(Private.of(m, withId));
    }

    public static ChatMessage chat(JsonNode m) {
        return treeToValue(m, Chat.class).toDomain();
    }

    public static PrivateMessage privateMessage(JsonNode m) {
        return treeToValue(m, Private.class).toDomain();
    }

    private static <T> T treeToValue(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a complete " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    public static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    /** Parses a JSON object. */
    public static JsonNode parse(String json) {
        try {
            var node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
    }

    public static JsonNode object(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("no object field '" + field + "'");
        }
        return value;
    }

    public static List<JsonNode> array(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("no array field '" + field + "'");
        }
        var items = new ArrayList<JsonNode>();
        value.forEach(items::add);
        return items;
    }

    public static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return value.textValue();
    }

    public static String nullableText(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    public static long number(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("no integer field '" + field + "'");
        }
        return value.longValue();
    }
}
