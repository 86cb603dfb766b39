package io.onrabble.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.protocol.ChatMessage;
import io.onrabble.protocol.PrivateMessage;
import io.onrabble.protocol.Timestamps;

import java.io.IOException;

/**
 * The JSON of a message as Valkey keeps it in rings and in the queue. A draft is encoded without
 * its id; the append script puts {@code "id":N} in front, so the id and the entry are made in one
 * atomic step. Times are epoch microseconds, as in the database.
 */
final class CacheEntries {
    static final String PUBLIC = "public";
    static final String PRIVATE = "private";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CacheEntries() {
    }

    static String draft(ChatMessage m) {
        var node = JSON.createObjectNode()
                .put("owner_id", m.ownerId())
                .put("username", m.username())
                .put("channel_id", m.channelId())
                .put("channel", m.channel())
                .put("message", m.message())
                .put("authored_at", Timestamps.toMicros(m.authoredAt()));
        return node.toString();
    }

    static String draft(PrivateMessage m) {
        var node = JSON.createObjectNode()
                .put("owner_id", m.ownerId())
                .put("username", m.username())
                .put("recipient_id", m.recipientId())
                .put("recipient", m.recipient())
                .put("message", m.message())
                .put("authored_at", Timestamps.toMicros(m.authoredAt()));
        return node.toString();
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete public message. */
    static ChatMessage chat(String json) {
        var node = parse(json);
        return new ChatMessage(number(node, "id"), text(node, "owner_id"), text(node, "username"),
                number(node, "channel_id"), text(node, "channel"), text(node, "message"),
                Timestamps.fromMicros(number(node, "authored_at")));
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete private message. */
    static PrivateMessage privateMessage(String json) {
        var node = parse(json);
        return new PrivateMessage(number(node, "id"), text(node, "owner_id"), text(node, "username"),
                text(node, "recipient_id"), text(node, "recipient"), text(node, "message"),
                Timestamps.fromMicros(number(node, "authored_at")));
    }

    private static JsonNode parse(String json) {
        try {
            var node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("entry is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("entry is not valid JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("entry has no text field '" + field + "'");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("entry has no integer field '" + field + "'");
        }
        return value.longValue();
    }
}
