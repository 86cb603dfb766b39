package io.onrabble.admin;

import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.HostileValues;
import io.onrabble.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin operation of /openapi.json, with each of its query and path parameters and each of its
 * body fields set in turn to hostile values (and whole bodies that are not what JSON allows), in
 * both store modes: no answer is a 5xx, every refusal is a JSON error that names the parameter or
 * field when one is to blame, and a refused request changes nothing.
 */
class AdminFuzzTest extends AdminServerTest {
    /** JSON text put in place of one field's value; some are not valid JSON on purpose. */
    static final List<String> HOSTILE_FIELDS = List.of(
            "null", "true", "false", "0", "-1", "1.5", "-0.0", "1e308", "1e400", "-1e400", "NaN",
            "12345678901234567890123", "-9223372036854775809", "9".repeat(2_000),
            "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u001b[31m\"", "\"\\ud800\"", "\"\\uFFFF\"",
            "\"a\u0000b\"", "\"line\nbreak\"", "\"1\"", "\"true\"", "\"" + "x".repeat(30_000) + "\"",
            "\"" + "\\uD83D\\uDE00".repeat(2_000) + "\"",
            "[]", "[1,2]", "[\"a\"]", "[-1]", "[0]", "[1.5]", "[null]", "[" + "1,".repeat(5_000) + "1]",
            "{}", "{\"a\":1}", "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            "", "tru", "\"unterminated", "01", "+1", ".5");

    private AdminOperations operations;
    private String lastState;
    private final List<String> problems = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    @AfterEach
    void noProblems() {
        assertThat(problems).as(problems.size() + " problems").isEmpty();
        // Both outcomes occur, or the cases would not reach the validation they are meant to test.
        assertThat(statuses.keySet()).as("statuses " + statuses).contains(400).anyMatch(status -> status < 300);
    }

    @BeforeEach
    void data() throws Exception {
        operations = AdminOperations.load();
        try (var alice = server.connect("alice")) {
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\",\"nonce\":\"n\"}");
            alice.skipTo("ack");
        }
    }

    @Test
    void noQueryOrPathParameterValueGetsA5xxOrChangesAnything() throws Exception {
        for (var operation : operations.all()) {
            var names = new ArrayList<String>();
            operation.parameters().forEach(p -> names.add(p.name()));
            names.add("unknown_parameter");
            for (var name : names) {
                var inPath = operation.path().contains("{" + name + "}");
                for (var value : HostileValues.PARAMETERS) {
                    var target = operation.target(name, value);
                    // A path the router cannot decode at all is its 400 bad_request, before any parameter is read.
                    var named = mustBeRefused(value) && !name.equals("unknown_parameter")
                            && !(inPath && HostileValues.BROKEN_ESCAPES.contains(value));
                    check(operation, target, operation.hasBody() ? operation.bodyExample().toString() : null, name, named);
                }
                // A parameter given twice, the hostile value second.
                var example = operation.parameters().stream().filter(p -> p.name().equals(name) && !p.inPath())
                        .findFirst().map(AdminOperations.Parameter::example).orElse(null);
                if (example != null) {
                    check(operation, operation.target() + "&" + name + "=%00", null, name, false);
                }
            }
        }
    }

    @Test
    void noParameterNameGetsA5xxOrChangesAnything() throws Exception {
        for (var operation : operations.all()) {
            for (var name : HostileValues.PARAMETERS) {
                var target = operation.target();
                check(operation, target + (target.contains("?") ? "&" : "?") + name + "=1",
                        operation.hasBody() ? operation.bodyExample().toString() : null, null, false);
            }
        }
    }

    @Test
    void noBodyFieldValueGetsA5xxOrChangesAnything() throws Exception {
        for (var operation : operations.all()) {
            if (!operation.hasBody()) {
                continue;
            }
            for (var field : operation.bodyFields()) {
                for (var literal : HOSTILE_FIELDS) {
                    check(operation, operation.target(), operation.body(field, literal), field,
                            literal.contains("\\u0000") || literal.equals("\"\\ud800\""));
                }
            }
        }
    }

    @Test
    void noMalformedBodyGetsA5xxOrChangesAnything() throws Exception {
        var example = "{\"name\":\"x\"}";
        var bodies = new ArrayList<>(List.of("", " ", "null", "[]", "\"x\"", "1", "{", "}", "{\"a\":}", "{\"a\" 1}",
                "{'name':'x'}", "{name:\"x\"}", "{} {}", "{}x", "{}\u0000", "\uFEFF" + example, "[".repeat(100_000),
                "{\"a\":".repeat(10_000), "{\"a\":[" + "[".repeat(2_000) + "]".repeat(2_000) + "]}",
                "{\"a\":1,\"a\":1}", "x".repeat(70_000)));
        for (var operation : operations.all()) {
            if (!operation.hasBody()) {
                continue;
            }
            var all = new ArrayList<>(bodies);
            all.add(operation.bodyExample().toString() + " " + operation.bodyExample());
            all.add(operation.bodyExample().toString().replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}"));
            for (var field : operation.bodyFields()) {
                var text = operation.bodyExample().toString();
                all.add(text.substring(0, text.length() - 1) + ",\"" + field + "\":null}");
            }
            for (var body : all) {
                check(operation, operation.target(), body, null, false);
            }
            // Invalid UTF-8 inside a string, and a body that is not UTF-8 at all.
            for (var bytes : new byte[][]{{'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
                    {'{', '"', 'i', 'd', 's', '"', ':', '[', (byte) 0xFF, ']', '}'},
                    "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16)}) {
                var response = checkRaw(operation, operation.target().getBytes(StandardCharsets.UTF_8), bytes, null, false,
                        "Content-Type: application/json");
                if (response.status() != 400) {
                    problems.add("a body that is not UTF-8 answered " + response.status() + ": " + mode + " " + operation);
                }
            }
            check(operation, operation.target(), operation.bodyExample().toString(), null, false, "Content-Type: text/plain");
        }
    }

    /** Whether a value can be no valid parameter at all (control characters, bytes that are not UTF-8, broken escapes). */
    private static boolean mustBeRefused(String value) {
        return HostileValues.MUST_BE_REFUSED.contains(value);
    }

    private void check(AdminOperations.Operation operation, String target, String body, String blamed, boolean mustName,
                       String... headers) throws Exception {
        checkRaw(operation, target.getBytes(StandardCharsets.UTF_8), body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                blamed, mustName, headers.length == 0 && body != null ? new String[]{"Content-Type: application/json"} : headers);
    }

    private RawHttp.Response checkRaw(AdminOperations.Operation operation, byte[] target, byte[] body, String blamed, boolean mustName,
                          String... headers) throws Exception {
        var mutates = !operation.method().equals("GET");
        if (mutates && lastState == null) {
            lastState = state();
        }
        var allHeaders = new ArrayList<>(List.of(headers));
        allHeaders.add("Authorization: Bearer " + admin);
        var response = RawHttp.send(server.port(), operation.method(), target, body, allHeaders.toArray(String[]::new));
        var what = mode + " " + operation + " -> " + abbreviate(new String(target, StandardCharsets.UTF_8))
                + (body == null ? "" : " body " + abbreviate(new String(body, StandardCharsets.UTF_8)))
                + " answered " + response.status() + " " + abbreviate(response.body());
        statuses.merge(response.status(), 1, Integer::sum);
        var problem = problem(response, blamed, mustName);
        if (problem == null && response.status() >= 400 && mutates && !state().equals(lastState)) {
            problem = "changed the state";
        }
        if (problem != null) {
            problems.add(problem + ": " + what);
        } else if (mutates && response.status() < 400) {
            lastState = state();
        }
        return response;
    }

    /** What is wrong with an answer, or null. */
    private static String problem(RawHttp.Response response, String blamed, boolean mustName) throws Exception {
        if (response.status() >= 500) {
            return "a 5xx";
        }
        if (response.status() < 400) {
            return null;
        }
        if (!response.contentType().startsWith("application/json")) {
            return "not JSON";
        }
        var error = JSON.readTree(response.body());
        var code = error.path("code").asText();
        var message = error.path("message").asText();
        if (code.isBlank() || message.isBlank()) {
            return "no code or message";
        }
        if ((code.equals("invalid_parameter") || code.equals("invalid_field")) && !message.matches("(?s)^'[a-z_]+' .*")) {
            return "names no parameter";
        }
        if (mustName && !message.startsWith("'" + blamed + "' ")) {
            return "does not name '" + blamed + "'";
        }
        return null;
    }

    /** What an admin can see of the state a request could change. */
    private String state() throws Exception {
        var state = new StringBuilder();
        for (var path : new String[]{"/channels", "/users/bans?limit=200", "/ratelimits", "/ratelimits/users",
                "/messages?limit=200", "/users?limit=200"}) {
            var response = server.send("GET", path, admin, null);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            state.append(path).append(' ').append(response.body()).append('\n');
        }
        return state.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
