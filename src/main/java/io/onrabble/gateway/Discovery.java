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
                        String serverName, String serverId, List<String> capabilities) {
    public Discovery {
        capabilities = List.copyOf(capabilities);
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
                .put("capabilities", new JsonArray(capabilities));
    }
}
