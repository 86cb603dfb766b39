package io.onrabble.gateway;

import io.vertx.core.json.JsonObject;

/**
 * What {@code /discovery} advertises. The Qt client prefixes {@code https://} to the auth, token and
 * health URLs itself, so those carry no scheme; {@code chatUrl} carries its {@code ws(s)://} scheme.
 */
public record Discovery(String authUrl, String tokenUrl, String healthUrl, String chatUrl, String chatClient,
                        String serverName, String serverId, Edits edits) {

    /** Editing and deleting one's own messages ({@code /ws?edits=1}): the window, for clients to offer it only while it is open. */
    public record Edits(long windowSeconds) {
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("server_name", serverName)
                .put("server_id", serverId)
                .put("auth_url", authUrl)
                .put("token_url", tokenUrl)
                .put("health_url", healthUrl)
                .put("chat_url", chatUrl)
                .put("chat_client", chatClient)
                .put("capabilities", new JsonObject()
                        .put("edits", new JsonObject().put("query", "edits=1").put("window_seconds", edits.windowSeconds())));
    }
}
