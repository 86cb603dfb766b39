package io.onrabble.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What {@code /discovery} advertises. The Qt client prefixes {@code https://} to the auth, token and
 * health URLs itself, so those carry no scheme; {@code chatUrl} carries its {@code ws(s)://} scheme.
 * {@code capabilities} names the protocol additions a client may ask for (docs/protocol.md).
 */
public record Discovery(String authUrl, String tokenUrl, String healthUrl, String chatUrl, String chatClient,
                        String serverName, String serverId, long editWindowSeconds) {
    /**
     * Our protocol additions a client may use here (docs/protocol.md, "Capabilities"): old clients
     * ignore the field, new ones check for a name before they use what it names.
     */
    public static final List<String> CAPABILITIES = List.of("ack", "error", "presence_batch", "channel_subscriptions",
            "token_refresh", "resume", "history", "typing", "read_markers", "edits");

    public JsonObject toJson() {
        return new JsonObject()
                .put("server_name", serverName)
                .put("server_id", serverId)
                .put("auth_url", authUrl)
                .put("token_url", tokenUrl)
                .put("health_url", healthUrl)
                .put("chat_url", chatUrl)
                .put("chat_client", chatClient)
                .put("capabilities", new JsonArray(CAPABILITIES))
                // how long one's own message may be edited or deleted (edits), so clients offer it only while it may be
                .put("edit_window_seconds", editWindowSeconds);
    }
}
