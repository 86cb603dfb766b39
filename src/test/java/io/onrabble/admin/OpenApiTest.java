package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps /openapi.json true: it documents exactly the admin routes, and every documented operation,
 * called with its examples (with and without a token), answers a documented status with a body
 * holding the documented required properties of the documented types.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;
    private JsonNode doc;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        var response = server.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        doc = JSON.readTree(response.body());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void documentsExactlyTheAdminRoutes() {
        var documented = new HashSet<String>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (!method.getKey().equals("parameters")) {
                documented.add(method.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        var routes = new HashSet<String>();
        for (var route : AdminAccessTest.ROUTES) {
            routes.add(route[0] + " " + route[1].replaceAll("\\?.*", "").replaceAll("/x(/|$)", "/{user_id}$1"));
        }
        assertThat(documented).isEqualTo(routes);
    }

    @Test
    void everyOperationAnswersAsDocumented() throws Exception {
        // Data for the examples: alice exists and wrote message 1.
        try (var alice = TestClient.connect(server.wsUri(server.token("alice")))) {
            alice.skipTo("connected_users");
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\",\"nonce\":\"n\"}");
            alice.skipTo("ack");
        }
        var admin = server.adminToken("root");
        var successes = 0;
        for (var path : doc.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                var method = operation.getKey().toUpperCase();
                var spec = operation.getValue();
                var params = new ArrayList<JsonNode>();
                path.getValue().path("parameters").forEach(params::add);
                spec.path("parameters").forEach(params::add);
                var url = url(path.getKey(), params);
                var example = spec.path("requestBody").path("content").path("application/json").path("example");
                var body = example.isMissingNode() ? null : example.toString();
                var label = method + " " + url;

                var anonymous = server.send(method, url, null, body);
                check(label + " without a token", spec, anonymous.statusCode(), anonymous.body());
                assertThat(anonymous.statusCode()).as(label).isEqualTo(401);

                var response = server.send(method, url, admin, body);
                check(label, spec, response.statusCode(), response.body());
                if (response.statusCode() < 300) {
                    successes++;
                }
            }
        }
        // The examples are meant to succeed; a drift in them would hollow this test out.
        assertThat(successes).isEqualTo(22);
    }

    private void check(String label, JsonNode spec, int status, String body) throws Exception {
        var documented = spec.path("responses").path(String.valueOf(status));
        assertThat(documented.isMissingNode()).as(label + " answered undocumented " + status + ": " + body).isFalse();
        var schema = documented.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            assertThat(body).as(label).isEmpty();
            return;
        }
        var problems = new ArrayList<String>();
        validate(JSON.readTree(body), schema, "$", problems);
        assertThat(problems).as(label + " " + body).isEmpty();
    }

    private void validate(JsonNode value, JsonNode schema, String where, List<String> problems) {
        if (schema.has("$ref")) {
            var name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            validate(value, doc.path("components").path("schemas").path(name), where, problems);
            return;
        }
        if (value.isNull() && schema.path("nullable").asBoolean()) {
            return;
        }
        var type = schema.path("type").asText();
        var ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!ok) {
            problems.add(where + " is not " + type);
            return;
        }
        if (schema.has("enum")) {
            var allowed = new HashSet<String>();
            schema.path("enum").forEach(v -> allowed.add(v.asText()));
            if (!allowed.contains(value.asText())) {
                problems.add(where + " = " + value + " is not one of " + allowed);
            }
        }
        if (type.equals("object")) {
            schema.path("required").forEach(required -> {
                if (!value.has(required.asText())) {
                    problems.add(where + " lacks " + required.asText());
                }
            });
            schema.path("properties").properties().forEach(property -> {
                if (value.has(property.getKey())) {
                    validate(value.path(property.getKey()), property.getValue(), where + "." + property.getKey(), problems);
                }
            });
        } else if (type.equals("array")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.path("items"), where + "[" + i + "]", problems);
            }
        }
    }

    private static String url(String template, List<JsonNode> params) {
        var path = template;
        var query = new ArrayList<String>();
        for (var param : params) {
            if (!param.has("example")) {
                continue;
            }
            var value = URLEncoder.encode(param.path("example").asText(), StandardCharsets.UTF_8);
            if (param.path("in").asText().equals("path")) {
                path = path.replace("{" + param.path("name").asText() + "}", value);
            } else {
                query.add(param.path("name").asText() + "=" + value);
            }
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }
}
