package io.onrabble.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call the admin API at all: token, role, origin, method and body size, on every route. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String[]> ROUTES = List.of(
            new String[]{"GET", "/channels"}, new String[]{"POST", "/channels"}, new String[]{"PATCH", "/channels"},
            new String[]{"DELETE", "/channels?id=1"},
            new String[]{"GET", "/messages"}, new String[]{"DELETE", "/messages"},
            new String[]{"GET", "/users"}, new String[]{"POST", "/users/ban"}, new String[]{"DELETE", "/users/ban?ban_id=1"},
            new String[]{"GET", "/users/bans"}, new String[]{"POST", "/users/x/disconnect"},
            new String[]{"GET", "/ratelimits"}, new String[]{"PATCH", "/ratelimits"},
            new String[]{"GET", "/ratelimits/users"}, new String[]{"GET", "/ratelimits/users/x"},
            new String[]{"PUT", "/ratelimits/users/x"}, new String[]{"DELETE", "/ratelimits/users/x"},
            new String[]{"GET", "/activity/sessions"}, new String[]{"GET", "/activity/channels"},
            new String[]{"GET", "/activity/users/x"}, new String[]{"GET", "/activity/messages"},
            new String[]{"GET", "/activity/peak"});

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start("CORS_ORIGINS", "https://dash.example, https://other.example");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyRouteRefusesRequestsWithoutAValidBearerToken() throws Exception {
        for (var route : ROUTES) {
            for (var token : new String[]{null, "not-a-jwt"}) {
                var response = server.send(route[0], route[1], token, "{}");
                assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
                assertError(response, "unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
            var basic = server.send(route[0], route[1], null, "{}", "Authorization", "Basic YWRtaW46YWRtaW4=");
            assertThat(basic.statusCode()).as(route[0] + " " + route[1] + " with Basic").isEqualTo(401);
        }
    }

    @Test
    void everyRouteRefusesATokenWithoutTheAdminRole() throws Exception {
        var chatUser = server.token("mallory");
        for (var route : ROUTES) {
            var response = server.send(route[0], route[1], chatUser, "{}");
            assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(403);
            assertError(response, "forbidden");
        }
    }

    @Test
    void anAdminTokenOfAnyClientIsAccepted() throws Exception {
        assertThat(server.send("GET", "/channels", server.adminToken("root", "ChatClient"), null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/channels", server.adminToken("root"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void preflightFromAConfiguredOriginSucceedsWithTheAllowedMethodsAndHeaders() throws Exception {
        var response = server.send("OPTIONS", "/channels", null, null, "Origin", "https://dash.example",
                "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization, content-type");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                .contains("GET", "POST", "PATCH", "DELETE");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Content-Type", "Authorization");

        var actual = server.send("GET", "/channels", server.adminToken("root"), null, "Origin", "https://other.example");
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://other.example");
    }

    @Test
    void anyOtherOriginIsRefused() throws Exception {
        var preflight = server.send("OPTIONS", "/channels", null, null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "DELETE");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        var actual = server.send("GET", "/channels", server.adminToken("root"), null, "Origin", "https://evil.example");
        assertThat(actual.statusCode()).isEqualTo(403);
        assertError(actual, "origin_not_allowed");
    }

    @Test
    void noOriginIsAllowedUnlessConfigured() throws Exception {
        try (var plain = TestServer.start()) {
            var preflight = plain.send("OPTIONS", "/channels", null, null, "Origin", "https://dash.example",
                    "Access-Control-Request-Method", "GET");
            assertThat(preflight.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aWrongMethodIs405WithAJsonError() throws Exception {
        for (var route : new String[][]{{"PUT", "/channels"}, {"POST", "/messages"}, {"PATCH", "/users/bans"},
                {"POST", "/activity/sessions"}, {"DELETE", "/ratelimits"}, {"GET", "/users/ban"}}) {
            var response = server.send(route[0], route[1], server.adminToken("root"), "{}");
            assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(405);
            assertError(response, "method_not_allowed");
        }
    }

    @Test
    void anOversizedBodyIs413AndChangesNothing() throws Exception {
        var name = "x".repeat(70 * 1024);
        var response = server.send("POST", "/channels", server.adminToken("root"), "{\"name\":\"" + name + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, "payload_too_large");
    }

    static void assertError(HttpResponse<String> response, String code) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var body = JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
    }
}
