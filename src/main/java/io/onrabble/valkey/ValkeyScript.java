package io.onrabble.valkey;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run atomically inside Valkey. Calls send only its SHA-1; the body goes over the
 * wire once per Valkey process (after a restart the script cache is empty and the body is sent again).
 * Bodies are {@code .lua} resources under {@code /valkey/}, so they read (and lint) as Lua.
 */
public record ValkeyScript(String body, String sha) {

    /**
     * The script made of these resources, in order ({@code "presence/join"} is
     * {@code /valkey/presence/join.lua}); several parts let scripts share a Lua function.
     */
    public static ValkeyScript load(String... parts) {
        var body = new StringBuilder();
        for (var part : parts) {
            body.append(resource("/valkey/" + part + ".lua"));
        }
        return of(body.toString());
    }

    static ValkeyScript of(String body) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new ValkeyScript(body, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static String resource(String path) {
        try (var in = ValkeyScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
