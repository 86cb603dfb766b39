package io.onrabble.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onrabble.domain.Channel;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.InternalJson;
import io.onrabble.protocol.ServerMessage;

import java.util.ArrayList;
import java.util.LinkedHashSet;

import static io.onrabble.protocol.InternalJson.array;
import static io.onrabble.protocol.InternalJson.nullableText;
import static io.onrabble.protocol.InternalJson.number;
import static io.onrabble.protocol.InternalJson.object;
import static io.onrabble.protocol.InternalJson.text;

/**
 * A {@link Delivery} as it travels between nodes. This is not the wire protocol: every node
 * rebuilds the very records the publisher had (times as epoch microseconds, ids as numbers),
 * because the hub de-duplicates frames against the connect history by record equality, and then
 * encodes the outgoing frame once for its own connections.
 */
final class DeliveryCodec {
    private DeliveryCodec() {
    }

    static String encode(Delivery delivery) {
        var node = InternalJson.newObject();
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
        var node = InternalJson.parse(text);
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
        var node = InternalJson.newObject().put("type", message.type());
        switch (message) {
            case ServerMessage.Chat chat -> node.set("chat", InternalJson.chat(chat.message(), true));
            case ServerMessage.Private dm -> node.set("private", InternalJson.privateMessage(dm.message(), true));
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
            case "chat_message" -> new ServerMessage.Chat(InternalJson.chat(object(node, "chat")));
            case "private_chat_message" -> new ServerMessage.Private(InternalJson.privateMessage(object(node, "private")));
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
}
