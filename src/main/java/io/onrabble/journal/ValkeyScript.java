package io.onrabble.journal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run atomically inside Valkey. Calls send only its SHA-1; the body goes over the
 * wire once per Valkey process (after a restart the script cache is empty and the body is sent again).
 * Public because the broker's presence scripts run the same way.
 */
public record ValkeyScript(String body, String sha) {

    public static ValkeyScript of(String body) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new ValkeyScript(body, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    public <T> T run(RedisCommands<String, String> commands, ScriptOutputType output, String[] keys, String... args) {
        try {
            return commands.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(body, output, keys, args);
        }
    }
}
