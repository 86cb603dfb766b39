package io.onrabble.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Percent-decoding that refuses what is not valid: a {@code %} not followed by two hex digits, or
 * bytes that are not UTF-8 ({@code %C3%28}, {@code %FF}, overlong forms, surrogates). Vert.x decodes
 * such input leniently (U+FFFD in place of bad bytes) or throws from deep inside a route (a 500); a
 * request that cannot be decoded is a client's mistake and is answered 400 before anything reads it.
 */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** One parameter as sent: its name and value decoded, each empty when it could not be. */
    public record Parameter(Optional<String> name, Optional<String> value) {
    }

    /** The parameters of a raw query string ({@code a=1&b=%20}, {@code +} as a space), in order. */
    public static List<Parameter> query(String rawQuery) {
        var parameters = new ArrayList<Parameter>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (var pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            var equals = pair.indexOf('=');
            parameters.add(new Parameter(decode(equals < 0 ? pair : pair.substring(0, equals), true),
                    equals < 0 ? Optional.of("") : decode(pair.substring(equals + 1), true)));
        }
        return parameters;
    }

    /** The decoded text, or empty when {@code raw} is not valid percent-encoded UTF-8. */
    public static Optional<String> decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return Optional.of(raw);
        }
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            var c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                var high = Character.digit(raw.charAt(i + 1), 16);
                var low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return Utf8.strict(bytes.toByteArray());
    }
}
