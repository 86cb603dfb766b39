package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.domain.ControlCharacters;
import io.onrabble.http.ApiError;
import io.onrabble.http.Utf8;
import io.onrabble.protocol.StrictJson;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON object request body read strictly: a field of the wrong type is a 400 naming it. Unknown
 * fields are ignored, as the original server did, so existing dashboards keep working.
 */
final class Body {
    private final JsonNode root;

    private Body(JsonNode root) {
        this.root = root;
    }

    static Body of(RoutingContext ctx) {
        var bytes = ctx.body().buffer();
        // Decoded strictly: Vert.x would put U+FFFD in place of bytes that are not UTF-8 and store that.
        var text = bytes == null ? null : Utf8.strict(bytes.getBytes())
                .orElseThrow(() -> new ApiError(400, "invalid_json", "the body is not UTF-8"));
        if (text == null || text.isBlank()) {
            throw new ApiError(400, "invalid_json", "a JSON object body is required");
        }
        try {
            var root = StrictJson.MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new ApiError(400, "invalid_json", "the body must be a JSON object");
            }
            return new Body(root);
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON: one object, no trailing data, no key twice");
        }
    }

    /** True when the field is present and not null. */
    boolean has(String field) {
        var node = root.get(field);
        return node != null && !node.isNull();
    }

    /** A free-text string field (tabs and line breaks allowed, no other control characters), or null when absent or null. */
    String string(String field) {
        if (!has(field)) {
            return null;
        }
        var node = root.get(field);
        if (!node.isTextual()) {
            throw invalid(field, "must be a string");
        }
        var text = node.textValue();
        if (loneSurrogate(text)) {
            throw invalid(field, "must be valid Unicode (it holds half of a surrogate pair)");
        }
        if (ControlCharacters.anyBesidesLineBreaks(text)) {
            throw invalid(field, "must not contain control characters other than tabs and line breaks");
        }
        return text;
    }

    /** A required name or id: no control characters at all. */
    String requiredName(String field) {
        var value = requiredString(field);
        if (ControlCharacters.any(value)) {
            throw invalid(field, "must not contain control characters");
        }
        return value;
    }

    String requiredString(String field) {
        var value = string(field);
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** An integer field, or null when absent or null. */
    Long integer(String field) {
        if (!has(field)) {
            return null;
        }
        var node = root.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, "must be an integer");
        }
        return node.longValue();
    }

    long requiredInteger(String field) {
        var value = integer(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    int requiredInteger(String field, int min, int max) {
        var value = requiredInteger(field);
        if (value < min || value > max) {
            throw invalid(field, "must be from " + min + " to " + max);
        }
        return (int) value;
    }

    /** A number field (integer or decimal), or null when absent or null. */
    Double number(String field) {
        if (!has(field)) {
            return null;
        }
        var node = root.get(field);
        if (!node.isNumber()) {
            throw invalid(field, "must be a number");
        }
        return node.doubleValue();
    }

    /** A required, non-empty array of positive integers, at most {@code max} of them. */
    List<Long> ids(String field, int max) {
        var node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field, "is required");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(field, "must be a non-empty array of message ids");
        }
        if (node.size() > max) {
            throw invalid(field, "may hold at most " + max + " ids");
        }
        var ids = new ArrayList<Long>(node.size());
        for (var item : node) {
            if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() <= 0) {
                throw invalid(field, "must hold positive integers only");
            }
            ids.add(item.longValue());
        }
        return ids;
    }

    /** JSON may escape half a surrogate pair ({@code "\\ud800"}); no database stores it as sent. */
    private static boolean loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static ApiError invalid(String field, String problem) {
        return new ApiError(400, "invalid_field", "'" + field + "' " + problem);
    }
}
