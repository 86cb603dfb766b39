package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The admin operations as /openapi.json documents them (read from the classpath, the file the server
 * serves), each with its parameters and the documented examples, so tests can call every route with
 * one value changed at a time.
 */
record AdminOperations(List<Operation> all) {
    /** A query or path parameter; {@code example} percent-encoded, null when the document gives none. */
    record Parameter(String name, boolean inPath, String example) {
    }

    /** One method on one path; {@code bodyFields} are the request body's properties (empty without a body). */
    record Operation(String method, String path, List<Parameter> parameters, JsonNode bodyExample, List<String> bodyFields) {
        boolean hasBody() {
            return bodyExample != null;
        }

        /** The request target with the examples, {@code name} set to the raw (already encoded) {@code value}. */
        String target(String name, String value) {
            var path = this.path;
            var query = new ArrayList<String>();
            var replaced = false;
            for (var parameter : parameters) {
                var own = parameter.name().equals(name);
                replaced |= own;
                var text = own ? value : parameter.example();
                if (parameter.inPath()) {
                    path = path.replace("{" + parameter.name() + "}", text);
                } else if (text != null) {
                    query.add(parameter.name() + "=" + text);
                }
            }
            if (name != null && !replaced) {
                query.add(name + "=" + value);
            }
            return query.isEmpty() ? path : path + "?" + String.join("&", query);
        }

        /** The target with every example. */
        String target() {
            return target(null, null);
        }

        /** The example body with {@code field} set to the raw JSON text {@code literal} (which need not be valid JSON). */
        String body(String field, String literal) {
            var entries = new LinkedHashMap<String, String>();
            bodyExample.properties().forEach(e -> entries.put(e.getKey(), e.getValue().toString()));
            entries.put(field, literal);
            var json = new StringBuilder("{");
            entries.forEach((key, text) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":").append(text));
            return json.append('}').toString();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static AdminOperations load() {
        JsonNode doc;
        try (var in = AdminOperations.class.getResourceAsStream("/openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var operations = new ArrayList<Operation>();
        for (var path : doc.path("paths").properties()) {
            for (var method : path.getValue().properties()) {
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                var parameters = new ArrayList<Parameter>();
                var specs = new ArrayList<JsonNode>();
                path.getValue().path("parameters").forEach(specs::add);
                method.getValue().path("parameters").forEach(specs::add);
                for (var spec : specs) {
                    var example = spec.path("example");
                    parameters.add(new Parameter(spec.path("name").asText(), spec.path("in").asText().equals("path"),
                            example.isMissingNode() ? null : URLEncoder.encode(example.asText(), StandardCharsets.UTF_8)));
                }
                var body = method.getValue().path("requestBody").path("content").path("application/json");
                var fields = new ArrayList<String>();
                resolve(doc, body.path("schema")).path("properties").fieldNames().forEachRemaining(fields::add);
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), parameters,
                        body.path("example").isMissingNode() ? null : body.path("example"), fields));
            }
        }
        return new AdminOperations(List.copyOf(operations));
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (schema.has("$ref")) {
            var name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            return doc.path("components").path("schemas").path(name);
        }
        return schema;
    }
}
