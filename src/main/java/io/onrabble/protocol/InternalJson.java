package io.onrabble.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages as the server keeps them outside the database (Valkey rings and queue, deliveries
 * between nodes). Not the wire protocol: every record survives a round trip exactly (times as epoch
 * microseconds, channel ids kept), and reading is strict: anything incomplete is an
 * {@link IllegalArgumentException}.
 */
public final class InternalJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InternalJson() {
    }

    /** The message's fields; {@code withId} false leaves the id to be filled in later (the Valkey append script). */
    public static ObjectNode chat(ChatMessage m, boolean withId) {
        var node = JSON.createObjectNode();
        if (withId) {
            node.put("id", m.id());
        }
        return node.put("owner_id", m.ownerId())
                .put("username", m.username())
                .put("channel_id", m.channelId())
                .put("channel", m.channel())
                .put("message", m.message())
                .put("authored_at", Timestamps.toMicros(m.authoredAt()));
    }

    public static ObjectNode privateMessage(PrivateMessage m, boolean withId) {
        var node = JSON.createObjectNode();
        if (withId) {
            node.put("id", m.id());
        }
        return node.put("owner_id", m.ownerId())
                .put("username", m.username())
                .put("recipient_id", m.recipientId())
                .put("recipient", m.recipient())
                .put("message", m.message())
                .put("authored_at", Timestamps.toMicros(m.authoredAt()));
    }

    public static ChatMessage chat(JsonNode m) {
        return new ChatMessage(number(m, "id"), text(m, "owner_id"), text(m, "username"), number(m, "channel_id"),
                text(m, "channel"), text(m, "message"), Timestamps.fromMicros(number(m, "authored_at")));
    }

    public static PrivateMessage privateMessage(JsonNode m) {
        return new PrivateMessage(number(m, "id"), text(m, "owner_id"), text(m, "username"), text(m, "recipient_id"),
                text(m, "recipient"), text(m, "message"), Timestamps.fromMicros(number(m, "authored_at")));
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
