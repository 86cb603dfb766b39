package io.onrabble.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onrabble.protocol.Channel;
import io.onrabble.protocol.ChatMessage;
import io.onrabble.protocol.PrivateMessage;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.protocol.Timestamps;
import io.onrabble.protocol.UserStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A {@link Delivery} as it travels between nodes. This is not the wire protocol: every node
 * rebuilds the very records the publisher had (times as epoch microseconds, ids as numbers),
 * because the hub de-duplicates frames against the connect history by record equality, and then
 * encodes the outgoing frame once for its own connections.
 */
final class DeliveryCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryCodec() {
    }

    static String encode(Delivery delivery) {
        var node = JSON.createObjectNode();
        switch (delivery) {
            case Delivery.ToAll all -> {
                node.put("kind", "to_all");
                node.set("message", message(all.message()));
            }
            case Delivery.ToUsers some -> {
                node.put("kind", "to_users");
                var users = node.putArray("users");
                some.userIds().forEach(users::add);
                node.set("message", message(some.message()));
            }
            case Delivery.Disconnect disconnect -> node.put("kind", "disconnect")
                    .put("user", disconnect.userId())
                    .put("code", disconnect.closeCode())
                    .put("reason", disconnect.reason());
            case Delivery.ChannelsChanged changed -> {
                node.put("kind", "channels");
                var channels = node.putArray("channels");
                changed.channels().forEach(c -> channels.addObject()
                        .put("id", c.id())
                        .put("name", c.name())
                        .put("description", c.description())
                        .put("sort_order", c.sortOrder()));
            }
            case Delivery.RateLimitsChanged ignored -> node.put("kind", "rate_limits");
        }
        return node.toString();
    }

    /** Throws {@link IllegalArgumentException} for anything that is not an encoded delivery. */
    static Delivery decode(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("delivery is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("delivery is not a JSON object");
        }
        return switch (text(node, "kind")) {
            case "to_all" -> new Delivery.ToAll(message(object(node, "message")));
            case "to_users" -> {
                var users = new LinkedHashSet<String>();
                array(node, "users").forEach(user -> users.add(user.asText()));
                yield new Delivery.ToUsers(users, message(object(node, "message")));
            }
            case "disconnect" -> new Delivery.Disconnect(text(node, "user"), (short) number(node, "code"),
                    nullableText(node, "reason"));
            case "channels" -> {
                var channels = new ArrayList<Channel>();
                array(node, "channels").forEach(c -> channels.add(new Channel(number(c, "id"), text(c, "name"),
                        nullableText(c, "description"), (int) number(c, "sort_order"))));
                yield new Delivery.ChannelsChanged(channels);
            }
            case "rate_limits" -> new Delivery.RateLimitsChanged();
            default -> throw new IllegalArgumentException("unknown delivery kind '" + text(node, "kind") + "'");
        };
    }

    /** Only the frames features publish through the broker; anything else is a programming error. */
    private static ObjectNode message(ServerMessage message) {
        var node = JSON.createObjectNode().put("type", message.type());
        switch (message) {
            case ServerMessage.Chat chat -> {
                var m = chat.message();
                node.putObject("chat")
                        .put("id", m.id())
                        .put("owner_id", m.ownerId())
                        .put("username", m.username())
                        .put("channel_id", m.channelId())
                        .put("channel", m.channel())
                        .put("message", m.message())
                        .put("authored_at", Timestamps.toMicros(m.authoredAt()));
            }
            case ServerMessage.Private dm -> {
                var m = dm.message();
                node.putObject("private")
                        .put("id", m.id())
                        .put("owner_id", m.ownerId())
                        .put("username", m.username())
                        .put("recipient_id", m.recipientId())
                        .put("recipient", m.recipient())
                        .put("message", m.message())
                        .put("authored_at", Timestamps.toMicros(m.authoredAt()));
            }
            case ServerMessage.Presence presence -> node.putObject("user")
                    .put("username", presence.user().username())
                    .put("id", presence.user().id())
                    .put("status", presence.user().status());
            case ServerMessage.MessageDeleted deleted -> {
                var ids = node.putArray("ids");
                deleted.ids().forEach(ids::add);
            }
            default -> throw new IllegalArgumentException(
                    "a " + message.type() + " frame is not published through the broker");
        }
        return node;
    }

    private static ServerMessage message(JsonNode node) {
        return switch (text(node, "type")) {
            case "chat_message" -> {
                var m = object(node, "chat");
                yield new ServerMessage.Chat(new ChatMessage(number(m, "id"), text(m, "owner_id"), text(m, "username"),
                        number(m, "channel_id"), text(m, "channel"), text(m, "message"),
                        Timestamps.fromMicros(number(m, "authored_at"))));
            }
            case "private_chat_message" -> {
                var m = object(node, "private");
                yield new ServerMessage.Private(new PrivateMessage(number(m, "id"), text(m, "owner_id"),
                        text(m, "username"), text(m, "recipient_id"), text(m, "recipient"), text(m, "message"),
                        Timestamps.fromMicros(number(m, "authored_at"))));
            }
            case "user_status" -> {
                var u = object(node, "user");
                var status = u.get("status");
                if (status == null || !status.isBoolean()) {
                    throw new IllegalArgumentException("user_status has no boolean 'status'");
                }
                yield new ServerMessage.Presence(new UserStatus(text(u, "username"), text(u, "id"), status.booleanValue()));
            }
            case "message_deleted" -> {
                var ids = new ArrayList<Long>();
                array(node, "ids").forEach(id -> ids.add(id.longValue()));
                yield new ServerMessage.MessageDeleted(ids);
            }
            default -> throw new IllegalArgumentException("unknown message type '" + text(node, "type") + "'");
        };
    }

    private static JsonNode object(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("no object field '" + field + "'");
        }
        return value;
    }

    private static List<JsonNode> array(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("no array field '" + field + "'");
        }
        var items = new ArrayList<JsonNode>();
        value.forEach(items::add);
        return items;
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return value.textValue();
    }

    private static String nullableText(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    private static long number(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("no integer field '" + field + "'");
        }
        return value.longValue();
    }
}
