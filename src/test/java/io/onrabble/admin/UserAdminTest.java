package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.protocol.CloseCode;
import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.onrabble.admin.AdminAccessTest.assertError;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /users}, {@code /users/ban}, {@code /users/bans}: the directory, live bans, expiry and pardons. */
class UserAdminTest extends AdminServerTest {
    /** Makes the users known to the directory (they connect once). */
    private void seen(String... usernames) {
        for (var username : usernames) {
            server.connect(username).close();
        }
    }

    private JsonNode users(String query) throws Exception {
        var response = server.send("GET", "/users" + query, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("user_search_result");
        return body.path("payload");
    }

    private static List<String> usernames(JsonNode payload) {
        var names = new ArrayList<String>();
        payload.path("users").forEach(u -> names.add(u.path("username").asText()));
        return names;
    }

    private JsonNode ban(String body) throws Exception {
        var response = server.send("POST", "/users/ban", admin, body);
        assertThat(response.statusCode()).as(body).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void userSearchIsACaseInsensitivePrefixMatchWithBanStatus() throws Exception {
        seen("alice", "Alicia", "bob", "al_x");
        assertThat(usernames(users(""))).containsExactlyInAnyOrder("alice", "Alicia", "bob", "al_x");
        assertThat(usernames(users("?username=ALI"))).containsExactlyInAnyOrder("alice", "Alicia");
        assertThat(usernames(users("?username=al_"))).containsExactly("al_x");
        assertThat(usernames(users("?username=lice"))).isEmpty();
        var page = users("?limit=1");
        assertThat(page.path("users")).hasSize(1);
        assertThat(page.path("has_more").asBoolean()).isTrue();

        ban("{\"banished_id\":\"" + userId("bob") + "\"}");
        var bob = users("?username=bob").path("users").get(0);
        assertThat(bob.path("id").asText()).isEqualTo(userId("bob"));
        assertThat(bob.path("is_banned").asBoolean()).isTrue();
        assertThat(users("?username=alice").path("users").get(0).path("is_banned").asBoolean()).isFalse();
        for (var query : new String[]{"?limit=0", "?limit=201", "?offset=-3"}) {
            assertThat(server.send("GET", "/users" + query, admin, null).statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void aBanClosesTheUsersConnectionsWithinASecondAndRefusesNewOnes() throws Exception {
        var mallory = server.connect("mallory");
        var malloryAgain = server.connect("mallory");
        var alice = server.connect("alice");
        var started = System.nanoTime();

        var body = ban("{\"banished_id\":\"" + userId("mallory") + "\",\"reason\":\"spam\",\"duration\":null}");

        assertThat(mallory.awaitClose()).isEqualTo(CloseCode.BANNED);
        assertThat(malloryAgain.awaitClose()).isEqualTo(CloseCode.BANNED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(body.path("message").asText()).isEqualTo("User banned successfully");
        assertThat(body.path("banished").asText()).isEqualTo(userId("mallory"));
        assertThat(body.path("reason").asText()).isEqualTo("spam");
        assertThat(body.path("duration").asText()).isEqualTo("Permanent");
        assertThat(TestClient.refusedStatus(server.wsUri(server.token("mallory")))).isEqualTo(403);
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"still here\"}");
        assertThat(alice.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("still here");
    }

    @Test
    void aTemporaryBanEndsByItself() throws Exception {
        seen("mallory");
        var body = ban("{\"banished_id\":\"" + userId("mallory") + "\",\"duration\":2}");
        assertThat(body.path("duration").asText()).isEqualTo("2 hours");
        assertThat(TestClient.refusedStatus(server.wsUri(server.token("mallory")))).isEqualTo(403);

        server.clock().advance(Duration.ofMinutes(119));
        assertThat(TestClient.refusedStatus(server.wsUri(server.token("mallory")))).isEqualTo(403);
        server.clock().advance(Duration.ofMinutes(1));
        server.connect("mallory");
        assertThat(users("?username=mallory").path("users").get(0).path("is_banned").asBoolean()).isFalse();
    }

    @Test
    void banRefusesBadInputAndChangesNothing() throws Exception {
        seen("mallory");
        var id = userId("mallory");
        for (var body : new String[]{"{}", "{\"banished_id\":\"\"}", "{\"banished_id\":5}",
                "{\"banished_id\":\"" + id + "\",\"duration\":-1}", "{\"banished_id\":\"" + id + "\",\"duration\":0}",
                "{\"banished_id\":\"" + id + "\",\"duration\":\"2\"}", "{\"banished_id\":\"" + id + "\",\"duration\":1e9}",
                "{\"banished_id\":\"" + id + "\",\"reason\":\"" + "r".repeat(257) + "\"}", "{\"banished_id\":", "[]"}) {
            var response = server.send("POST", "/users/ban", admin, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(users("?username=mallory").path("users").get(0).path("is_banned").asBoolean()).isFalse();
        ban("{\"banished_id\":\"" + id + "\",\"reason\":\"" + "r".repeat(256) + "\",\"duration\":0.5}");
    }

    @Test
    void aUserWhoNeverConnectedCanBeBannedBeforeTheyJoin() throws Exception {
        ban("{\"banished_id\":\"" + userId("troll") + "\",\"reason\":\"known troll\"}");

        assertThat(TestClient.refusedStatus(server.wsUri(server.token("troll")))).isEqualTo(403);
    }

    @Test
    void banRecordsAreListedNewestFirstWithTheBanningAdminAndPaged() throws Exception {
        seen("mallory", "eve");
        server.clock().freeze(java.time.Instant.parse("2030-05-01T10:00:00Z"));
        ban("{\"banished_id\":\"" + userId("mallory") + "\",\"reason\":\"spam\",\"duration\":3}");
        server.clock().advance(Duration.ofMinutes(1));
        ban("{\"banished_id\":\"" + userId("eve") + "\"}");

        var response = server.send("GET", "/users/bans", admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("ban_records_result");
        var records = body.path("payload").path("records");
        assertThat(records).hasSize(2);
        var permanent = records.get(0);
        assertThat(permanent.path("id").isTextual()).isTrue();
        assertThat(permanent.path("banished_username").asText()).isEqualTo("eve");
        assertThat(permanent.has("end")).isFalse();
        assertThat(permanent.has("reason")).isFalse();
        assertThat(permanent.path("owner_id").asText()).isEqualTo(userId("root"));
        var temporary = records.get(1);
        assertThat(temporary.path("banished_id").asText()).isEqualTo(userId("mallory"));
        assertThat(temporary.path("reason").asText()).isEqualTo("spam");
        assertThat(temporary.path("start").asText()).isEqualTo("2030-05-01T10:00:00Z");
        assertThat(temporary.path("end").asText()).isEqualTo("2030-05-01T13:00:00Z");
        assertThat(temporary.path("duration").asText()).isEqualTo("3:00:00");
        assertThat(temporary.path("pardoned").asBoolean()).isFalse();

        var page = JSON.readTree(server.send("GET", "/users/bans?limit=1&offset=1", admin, null).body()).path("payload");
        assertThat(page.path("records")).hasSize(1);
        assertThat(page.path("has_more").asBoolean()).isFalse();
        assertThat(JSON.readTree(server.send("GET", "/users/bans?limit=1", admin, null).body()).path("payload").path("has_more").asBoolean()).isTrue();
        for (var query : new String[]{"?limit=0", "?limit=500", "?offset=-1", "?limit=x"}) {
            assertThat(server.send("GET", "/users/bans" + query, admin, null).statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void aPardonLiftsEveryActiveBanOfTheUser() throws Exception {
        seen("mallory");
        var first = ban("{\"banished_id\":\"" + userId("mallory") + "\"}").path("ban_id").asText();
        ban("{\"banished_id\":\"" + userId("mallory") + "\",\"duration\":5}");

        var response = server.send("DELETE", "/users/ban?ban_id=" + first, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("message").asText()).isEqualTo("User pardoned successfully");
        assertThat(body.path("ban_id").asText()).isEqualTo(first);
        server.connect("mallory");
        var records = JSON.readTree(server.send("GET", "/users/bans", admin, null).body()).path("payload").path("records");
        assertThat(records).allSatisfy(record -> assertThat(record.path("pardoned").asBoolean()).isTrue());

        assertError(server.send("DELETE", "/users/ban?ban_id=9999", admin, null), "not_found");
        assertThat(server.send("DELETE", "/users/ban", admin, null).statusCode()).isEqualTo(400);
        assertThat(server.send("DELETE", "/users/ban?ban_id=abc", admin, null).statusCode()).isEqualTo(400);
        assertThat(server.send("DELETE", "/users/ban?ban_id=-2", admin, null).statusCode()).isEqualTo(400);
    }

    @Test
    void aBannedAdminLosesTheAdminApiAndCannotLiftTheirOwnBanButAnotherAdminCan() throws Exception {
        var rogue = server.adminToken("rogue");
        assertThat(server.send("GET", "/channels", rogue, null).statusCode()).isEqualTo(200);
        var banId = ban("{\"banished_id\":\"" + userId("rogue") + "\",\"reason\":\"abuse\"}").path("ban_id").asText();

        var pardon = server.send("DELETE", "/users/ban?ban_id=" + banId, rogue, null);
        assertThat(pardon.statusCode()).isEqualTo(403);
        assertError(pardon, "banned");
        for (var route : AdminAccessTest.ROUTES) {
            var response = server.send(route[0], route[1], rogue, "{}");
            assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(403);
            assertError(response, "banned");
        }
        var records = JSON.readTree(server.send("GET", "/users/bans", admin, null).body()).path("payload").path("records");
        assertThat(records).singleElement().satisfies(record -> assertThat(record.path("pardoned").asBoolean()).isFalse());

        assertThat(server.send("DELETE", "/users/ban?ban_id=" + banId, admin, null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/channels", rogue, null).statusCode()).isEqualTo(200);
    }
}
