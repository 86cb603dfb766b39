package io.onrabble.admin;

import io.onrabble.testing.AdminServerTest;
import org.junit.jupiter.api.Test;

import static io.onrabble.admin.AdminAccessTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parameters no database can take (NUL bytes, control characters, dates outside years 1 to 9999)
 * are refused with a 400 that names the parameter, in both store modes, and change nothing.
 */
class HostileParameterTest extends AdminServerTest {
    private static final String FAR_FUTURE = "%2B300000-01-01T00:00:00Z";
    private static final String FAR_PAST = "-290000-01-01T00:00:00Z";

    /** Method, path, body (or null), the error code and the parameter the message must name. */
    private record Case(String method, String path, String body, String code, String parameter) {
    }

    private void assertRefused(Case c) throws Exception {
        var response = server.send(c.method(), c.path(), admin, c.body());
        var what = c.method() + " " + c.path() + " " + c.body();
        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertError(response, c.code());
        assertThat(JSON.readTree(response.body()).path("message").asText()).as(what).contains("'" + c.parameter() + "'");
    }

    @Test
    void queryParametersWithNulOrControlCharactersAre400() throws Exception {
        server.connect("alice").close();
        for (var c : new Case[]{
                new Case("GET", "/users?username=%00", null, "invalid_parameter", "username"),
                new Case("GET", "/users?username=al%00ice", null, "invalid_parameter", "username"),
                new Case("GET", "/messages?keyword=apple%00", null, "invalid_parameter", "keyword"),
                new Case("GET", "/messages?keyword=apple%1B%5B31m", null, "invalid_parameter", "keyword"),
                new Case("GET", "/messages?channel=Gen%00eral", null, "invalid_parameter", "channel"),
                new Case("GET", "/messages?user_id=%00", null, "invalid_parameter", "user_id"),
                new Case("GET", "/activity/sessions?user_id=a%00", null, "invalid_parameter", "user_id"),
                new Case("GET", "/activity/messages?channel=%00", null, "invalid_parameter", "channel"),
                new Case("GET", "/activity/users/a%00b", null, "invalid_parameter", "user_id"),
                new Case("GET", "/ratelimits/users/a%00b", null, "invalid_parameter", "user_id"),
                new Case("PUT", "/ratelimits/users/a%00b", "{\"message_limit\":5,\"window_seconds\":10}", "invalid_parameter", "user_id"),
                new Case("DELETE", "/ratelimits/users/a%0Ab", null, "invalid_parameter", "user_id"),
                new Case("DELETE", "/channels?id=1%00", null, "invalid_parameter", "id"),
        }) {
            assertRefused(c);
        }
    }

    @Test
    void datesOutsideYearsOneToNineThousandNineHundredNinetyNineAre400() throws Exception {
        server.connect("alice").close();
        var alice = io.onrabble.testing.TestServer.userId("alice");
        for (var path : new String[]{"/messages", "/activity/peak", "/activity/messages", "/activity/users/" + alice}) {
            assertRefused(new Case("GET", path + "?from=" + FAR_FUTURE, null, "invalid_parameter", "from"));
            assertRefused(new Case("GET", path + "?to=" + FAR_FUTURE, null, "invalid_parameter", "to"));
            assertRefused(new Case("GET", path + "?from=" + FAR_PAST, null, "invalid_parameter", "from"));
            assertRefused(new Case("GET", path + "?from=0000-12-31T23:59:59Z", null, "invalid_parameter", "from"));
        }
        assertThat(server.send("GET", "/activity/peak?from=0001-01-01T00:00:00Z&to=0001-12-01T00:00:00Z", admin, null)
                .statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/messages?from=9999-12-31T23:59:59Z", admin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyFieldsWithNulBytesAre400AndChangeNothing() throws Exception {
        server.connect("alice").close();
        var alice = io.onrabble.testing.TestServer.userId("alice");
        for (var c : new Case[]{
                new Case("POST", "/users/ban", "{\"banished_id\":\"a\\u0000b\"}", "invalid_field", "banished_id"),
                new Case("POST", "/users/ban", "{\"banished_id\":\"a\\nb\"}", "invalid_field", "banished_id"),
                new Case("POST", "/users/ban", "{\"banished_id\":\"" + alice + "\",\"reason\":\"spam\\u0000\"}", "invalid_field", "reason"),
                new Case("POST", "/channels", "{\"name\":\"new\",\"description\":\"a\\u0000b\"}", "invalid_field", "description"),
                new Case("POST", "/channels", "{\"name\":\"new\",\"description\":\"\\u001b[31mred\"}", "invalid_field", "description"),
                new Case("PATCH", "/channels", "{\"id\":1,\"description\":\"\\u0000\"}", "invalid_field", "description"),
        }) {
            assertRefused(c);
        }
        var bans = JSON.readTree(server.send("GET", "/users/bans", admin, null).body());
        assertThat(bans.path("payload").path("records")).isEmpty();
        var channels = JSON.readTree(server.send("GET", "/channels", admin, null).body());
        assertThat(channels.path("channels").findValuesAsText("name")).doesNotContain("new");
        var general = JSON.readTree(server.send("GET", "/channels", admin, null).body()).path("channels").get(0);
        assertThat(general.path("description").asText()).doesNotContain("\u0000");
    }

    @Test
    void aBodyWithADuplicateKeyOrTrailingDataIsRefused() throws Exception {
        for (var body : new String[]{"{\"name\":\"one\",\"name\":\"two\"}", "{\"name\":\"one\"} {\"name\":\"two\"}",
                "{\"name\":\"one\"}x"}) {
            var response = server.send("POST", "/channels", admin, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertError(response, "invalid_json");
        }
        var channels = JSON.readTree(server.send("GET", "/channels", admin, null).body());
        assertThat(channels.path("channels").findValuesAsText("name")).doesNotContain("one", "two");
    }

    @Test
    void multiLineTextStaysAllowedWhereItMakesSense() throws Exception {
        var response = server.send("POST", "/channels", admin, "{\"name\":\"notes\",\"description\":\"line one\\nline two\\ttab\"}");
        assertThat(response.statusCode()).isEqualTo(201);
    }
}
