package io.onrabble.admin;

import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;


import static io.onrabble.admin.AdminAccessTest.assertError;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ratelimits}: the global limit and per-user overrides, validated and applied at once. */
class RateLimitAdminTest extends AdminServerTest {
    /** Sends {@code count} messages and returns how many were accepted before the first refusal. */
    private int accepted(TestClient client, int count) {
        int accepted = 0;
        for (int i = 0; i < count; i++) {
            client.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"m" + i + "\",\"nonce\":\"" + i + "\"}");
            while (true) {
                var frame = client.next();
                var type = frame.path("type").asText();
                if (type.equals("ack")) {
                    accepted++;
                    break;
                }
                if (type.equals("error")) {
                    assertThat(frame.path("payload").path("code").asText()).isEqualTo("rate_limited");
                    return accepted;
                }
            }
        }
        return accepted;
    }

    @Test
    void getAnswersTheBareDefaultLimit() throws Exception {
        var response = server.send("GET", "/ratelimits", admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).toString())
                .isEqualTo("{\"rate_limiter\":{\"id\":1,\"owner_id\":\"default\",\"message_limit\":10,\"window_seconds\":60}}");
    }

    @Test
    void patchChangesTheLimitForEveryoneAtOnce() throws Exception {
        var alice = server.connect("alice");
        var response = server.send("PATCH", "/ratelimits", admin, "{\"id\":1,\"message_limit\":3,\"window_seconds\":600}");
        assertThat(response.statusCode()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("message").asText()).isEqualTo("Rate limit updated");
        assertThat(body.path("rate_limiter").path("message_limit").asInt()).isEqualTo(3);
        assertThat(accepted(alice, 5)).isEqualTo(3);
        assertThat(JSON.readTree(server.send("GET", "/ratelimits", admin, null).body())
                .path("rate_limiter").path("window_seconds").asInt()).isEqualTo(600);
    }

    @Test
    void patchRefusesBadValuesAndUnknownIdsAndChangesNothing() throws Exception {
        for (var body : new String[]{"{}", "{\"id\":1}", "{\"id\":1,\"message_limit\":0,\"window_seconds\":60}",
                "{\"id\":1,\"message_limit\":-5,\"window_seconds\":60}", "{\"id\":1,\"message_limit\":5,\"window_seconds\":0}",
                "{\"id\":1,\"message_limit\":10001,\"window_seconds\":60}", "{\"id\":1,\"message_limit\":5,\"window_seconds\":86401}",
                "{\"id\":1,\"message_limit\":\"5\",\"window_seconds\":60}", "{\"id\":1,\"message_limit\":5.5,\"window_seconds\":60}",
                "{\"id\":1,", "{\"message_limit\":5,\"window_seconds\":60}"}) {
            assertThat(server.send("PATCH", "/ratelimits", admin, body).statusCode()).as(body).isEqualTo(400);
        }
        var unknown = server.send("PATCH", "/ratelimits", admin, "{\"id\":77,\"message_limit\":1,\"window_seconds\":60}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertError(unknown, "not_found");
        assertThat(JSON.readTree(server.send("GET", "/ratelimits", admin, null).body())
                .path("rate_limiter").path("message_limit").asInt()).isEqualTo(10);
        assertThat(accepted(server.connect("alice"), 10)).isEqualTo(10);
    }

    @Test
    void aPerUserOverrideAppliesToThatUserOnlyUntilRemoved() throws Exception {
        var alice = server.connect("alice");
        var bob = server.connect("bob");
        var path = "/ratelimits/users/" + userId("alice");
        assertError(server.send("GET", path, admin, null), "not_found");

        var put = server.send("PUT", path, admin, "{\"message_limit\":2,\"window_seconds\":600}");
        assertThat(put.statusCode()).isEqualTo(200);
        var row = JSON.readTree(put.body()).path("rate_limiter");
        assertThat(row.path("owner_id").asText()).isEqualTo(userId("alice"));
        assertThat(row.path("message_limit").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(server.send("GET", path, admin, null).body()).path("rate_limiter")).isEqualTo(row);
        assertThat(JSON.readTree(server.send("GET", "/ratelimits/users", admin, null).body()).path("overrides")).containsExactly(row);
        assertThat(accepted(alice, 4)).isEqualTo(2);
        assertThat(accepted(bob, 4)).isEqualTo(4);

        var patch = server.send("PATCH", "/ratelimits", admin,
                "{\"id\":" + row.path("id").asLong() + ",\"message_limit\":3,\"window_seconds\":600}");
        assertThat(JSON.readTree(patch.body()).path("rate_limiter").path("owner_id").asText()).isEqualTo(userId("alice"));

        assertThat(server.send("DELETE", path, admin, null).statusCode()).isEqualTo(204);
        assertThat(server.send("DELETE", path, admin, null).statusCode()).isEqualTo(404);
        assertThat(accepted(alice, 4)).isEqualTo(4);
    }

    @Test
    void overridesRefuseUnknownUsersAndBadValues() throws Exception {
        server.connect("alice").close();
        var path = "/ratelimits/users/" + userId("alice");
        assertError(server.send("PUT", "/ratelimits/users/nobody", admin, "{\"message_limit\":2,\"window_seconds\":60}"), "not_found");
        assertError(server.send("PUT", "/ratelimits/users/default", admin, "{\"message_limit\":2,\"window_seconds\":60}"), "not_found");
        assertThat(server.send("PUT", path, admin, "{\"message_limit\":0,\"window_seconds\":60}").statusCode()).isEqualTo(400);
        assertThat(server.send("PUT", path, admin, "{\"message_limit\":2}").statusCode()).isEqualTo(400);
        assertThat(server.send("PUT", path, admin, "oops").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(server.send("GET", "/ratelimits/users", admin, null).body()).path("overrides")).isEmpty();
    }
}
