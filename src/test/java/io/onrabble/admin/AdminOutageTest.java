package io.onrabble.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.moderation.BanList;
import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;

import static io.onrabble.admin.AdminAccessTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API while PostgreSQL is cut off (through a proxy, the shared service untouched): a
 * banned admin stays refused, from the in-memory ban list, also after its refresh has failed; a route
 * that needs the database answers a clear 503 (never a 500), {@code /metrics} and ending sessions still
 * work; all works again once it returns.
 */
class AdminOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBannedAdminIsRefusedDuringAnOutageAndEveryRouteAnswersOr503s() throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared();
             var proxy = new TcpProxy("127.0.0.1", 5432);
             var server = TestServer.start("DATABASE_URL", postgres.url(proxy.hostPort()), "VALKEY_URL", valkey.url(),
                     "VALKEY_PREFIX", valkey.prefix(), "DATABASE_POOL_SIZE", "2")) {
            var root = server.adminToken("root");
            var rogue = server.adminToken("rogue");
            server.connect("alice").close();
            var ban = server.send("POST", "/users/ban", root, "{\"banished_id\":\"" + TestServer.userId("rogue") + "\"}");
            assertThat(ban.statusCode()).isEqualTo(200);
            var banId = JSON.readTree(ban.body()).path("ban_id").asText();

            proxy.cut();
            // Over more than one refresh of the ban list, which fails and keeps the list read before.
            await().during(BanList.REFRESH.plusSeconds(1)).atMost(BanList.REFRESH.plusSeconds(10))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        var pardon = server.send("DELETE", "/users/ban?ban_id=" + banId, rogue, null);
                        assertThat(pardon.statusCode()).isEqualTo(403);
                        assertError(pardon, "banned");
                    });
            var metricsAsRogue = server.send("GET", "/metrics", rogue, null);
            assertThat(metricsAsRogue.statusCode()).isEqualTo(403);

            var answers = new HashMap<String, Integer>();
            for (var operation : AdminOperations.load().all()) {
                var body = operation.hasBody() ? operation.bodyExample().toString() : null;
                var response = server.send(operation.method(), operation.target(), root, body);
                answers.put(operation.toString(), response.statusCode());
                assertThat(response.statusCode()).as(operation + " " + response.body()).isNotEqualTo(500);
                if (response.statusCode() == 503) {
                    assertError(response, "unavailable");
                }
                var asRogue = server.send(operation.method(), operation.target(), rogue, body);
                assertThat(asRogue.statusCode()).as(operation + " as the banned admin").isEqualTo(403);
                assertError(asRogue, "banned");
            }
            // Ending sessions needs only the broker; every other route reads or writes the database and says so.
            assertThat(answers).hasSize(22).containsEntry("POST /users/{user_id}/disconnect", 200);
            answers.remove("POST /users/{user_id}/disconnect");
            assertThat(answers).allSatisfy((operation, status) -> assertThat(status).as(operation).isEqualTo(503));
            assertThat(server.metrics()).contains("onrabble_");

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(server.send("GET", "/users/bans", root, null).statusCode()).isEqualTo(200));
            assertThat(status(server.send("GET", "/channels", rogue, null))).isEqualTo(403);
            assertThat(status(server.send("DELETE", "/users/ban?ban_id=" + banId, root, null))).isEqualTo(200);
            assertThat(status(server.send("GET", "/channels", rogue, null))).isEqualTo(200);
        }
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }
}
