package io.onrabble.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.onrabble.admin.AdminAccessTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /channels}: every change is validated, answered with the reference's shapes, and pushed to connected clients. */
class ChannelAdminTest extends AdminServerTest {
    private JsonNode channels() throws Exception {
        var response = server.send("GET", "/channels", admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("channels");
    }

    private long create(String name) throws Exception {
        var response = server.send("POST", "/channels", admin, "{\"name\":\"" + name + "\",\"description\":\"about " + name + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asLong();
    }

    private static List<String> names(JsonNode channels) {
        var names = new ArrayList<String>();
        channels.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    @Test
    void listIsTheBareChannelsObject() throws Exception {
        var body = JSON.readTree(server.send("GET", "/channels", admin, null).body());
        assertThat(body.fieldNames()).toIterable().containsExactly("channels");
        var general = body.path("channels").get(0);
        assertThat(general.path("name").asText()).isEqualTo("General");
        assertThat(general.path("id").isIntegralNumber()).isTrue();
        assertThat(general.path("sort_order").asInt()).isEqualTo(1);
    }

    @Test
    void createdChannelIsAnsweredListedAndPushedToConnectedClients() throws Exception {
        var alice = server.connect("alice");
        var response = server.send("POST", "/channels", admin, "{\"name\":\"random\",\"description\":null}");

        assertThat(response.statusCode()).isEqualTo(201);
        var body = JSON.readTree(response.body());
        assertThat(body.path("message").asText()).isEqualTo("Channel created");
        assertThat(body.path("name").asText()).isEqualTo("random");
        var pushed = alice.skipTo("active_channels").path("payload").path("channels");
        assertThat(names(pushed)).containsExactly("General", "random");
        assertThat(pushed.get(1).path("description").asText()).isEmpty();
        assertThat(pushed.get(1).path("sort_order").asInt()).isEqualTo(2);
        assertThat(names(channels())).containsExactly("General", "random");

        alice.send("{\"type\":\"chat_message\",\"channel\":\"random\",\"message\":\"first\"}");
        assertThat(alice.skipTo("chat_message").path("payload").path("channel").asText()).isEqualTo("random");
    }

    @Test
    void createRefusesBadInputAndDuplicatesWithoutChangingAnything() throws Exception {
        create("random");
        for (var body : new String[]{"{}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":42}",
                "{\"name\":\"" + "x".repeat(25) + "\"}", "{\"name\":\"a\\u0000b\"}", "not json", "[]",
                "{\"name\":\"ok\",\"description\":7}"}) {
            var response = server.send("POST", "/channels", admin, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(server.send("POST", "/channels", admin, "{\"name\":\"" + "x".repeat(24) + "\"}").statusCode()).isEqualTo(201);
        var duplicate = server.send("POST", "/channels", admin, "{\"name\":\"random\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertError(duplicate, "name_taken");
        assertThat(names(channels())).containsExactly("General", "random", "x".repeat(24));
    }

    @Test
    void renameAndDescribeArePushedAndKeepHistory() throws Exception {
        var id = create("random");
        var alice = server.connect("alice");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"random\",\"message\":\"kept\"}");
        alice.skipTo("chat_message");

        var response = server.send("PATCH", "/channels", admin, "{\"id\":" + id + ",\"name\":\"lounge\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Channel updated");
        var pushed = alice.skipTo("active_channels").path("payload").path("channels");
        assertThat(names(pushed)).containsExactly("General", "lounge");
        assertThat(pushed.get(1).path("description").asText()).isEqualTo("about random");

        server.send("PATCH", "/channels", admin, "{\"id\":" + id + ",\"description\":\"\"}");
        assertThat(alice.skipTo("active_channels").path("payload").path("channels").get(1).path("description").asText()).isEmpty();

        var search = JSON.readTree(server.send("GET", "/messages?channel=lounge", admin, null).body());
        assertThat(search.path("payload").path("messages").get(0).path("message").asText()).isEqualTo("kept");
    }

    @Test
    void updateRefusesUnknownIdsBadInputTakenNamesAndRenamingGeneral() throws Exception {
        var id = create("random");
        create("other");
        var general = channels().get(0).path("id").asLong();
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":9999,\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":9999,\"before_id\":1}").statusCode()).isEqualTo(404);
        assertThat(server.send("PATCH", "/channels", admin, "{\"name\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":\"1\",\"name\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":-1,\"name\":\"x\"}").statusCode()).isEqualTo(400);
        assertError(server.send("PATCH", "/channels", admin, "{\"id\":" + id + "}"), "nothing_to_update");
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":" + id + ",\"name\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":" + id + ",\"name\":\"" + "y".repeat(25) + "\"}").statusCode()).isEqualTo(400);
        assertError(server.send("PATCH", "/channels", admin, "{\"id\":" + id + ",\"name\":\"other\"}"), "name_taken");
        var renameGeneral = server.send("PATCH", "/channels", admin, "{\"id\":" + general + ",\"name\":\"Main\"}");
        assertThat(renameGeneral.statusCode()).isEqualTo(409);
        assertError(renameGeneral, "protected_channel");
        assertThat(server.send("PATCH", "/channels", admin, "{\"id\":" + general + ",\"description\":\"Lobby\"}").statusCode()).isEqualTo(200);
        assertThat(names(channels())).containsExactly("General", "random", "other");
    }

    @Test
    void reorderMovesBeforeTheGivenChannelOrToTheEndAndIsPushed() throws Exception {
        var random = create("random");
        var other = create("other");
        var general = channels().get(0).path("id").asLong();
        var alice = server.connect("alice");

        var response = server.send("PATCH", "/channels", admin, "{\"id\":" + other + ",\"before_id\":" + general + ",\"name\":\"ignored\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Channel reordered");
        var pushed = alice.skipTo("active_channels").path("payload").path("channels");
        assertThat(names(pushed)).containsExactly("other", "General", "random");
        assertThat(pushed.get(2).path("sort_order").asInt()).isEqualTo(3);

        server.send("PATCH", "/channels", admin, "{\"id\":" + other + ",\"before_id\":0}");
        assertThat(names(alice.skipTo("active_channels").path("payload").path("channels"))).containsExactly("General", "random", "other");
        assertThat(random).isPositive();
    }

    @Test
    void deleteRemovesThePushesAndRenumbers() throws Exception {
        var random = create("random");
        create("other");
        var alice = server.connect("alice");

        var response = server.send("DELETE", "/channels?id=" + random, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Channel deleted");
        var pushed = alice.skipTo("active_channels").path("payload").path("channels");
        assertThat(names(pushed)).containsExactly("General", "other");
        assertThat(pushed.get(1).path("sort_order").asInt()).isEqualTo(2);
    }

    @Test
    void deleteRefusesUnknownIdsBadParametersAndGeneral() throws Exception {
        var general = channels().get(0).path("id").asLong();
        assertError(server.send("DELETE", "/channels?id=9999", admin, null), "not_found");
        assertThat(server.send("DELETE", "/channels", admin, null).statusCode()).isEqualTo(400);
        assertThat(server.send("DELETE", "/channels?id=abc", admin, null).statusCode()).isEqualTo(400);
        var id = create("random");
        assertThat(server.send("DELETE", "/channels?id=" + id + "&purge=maybe", admin, null).statusCode()).isEqualTo(400);
        var deleteGeneral = server.send("DELETE", "/channels?id=" + general, admin, null);
        assertThat(deleteGeneral.statusCode()).isEqualTo(409);
        assertError(deleteGeneral, "protected_channel");
        assertThat(names(channels())).containsExactly("General", "random");
    }

    @Test
    void purgeRemovesTheChannelsMessagesFromSearchAndHistoryButKeepsOthers() throws Exception {
        var id = create("random");
        var alice = server.connect("alice");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"random\",\"message\":\"doomed\"}");
        alice.skipTo("chat_message");
        alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"survivor\"}");
        alice.skipTo("chat_message");

        assertThat(server.send("DELETE", "/channels?id=" + id + "&purge=TRUE", admin, null).statusCode()).isEqualTo(200);

        var search = JSON.readTree(server.send("GET", "/messages", admin, null).body()).path("payload").path("messages");
        assertThat(search).hasSize(1);
        assertThat(search.get(0).path("message").asText()).isEqualTo("survivor");
        var bob = server.connectRaw("bob");
        var history = bob.next("bulk_chat_messages").path("payload").path("messages");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("message").asText()).isEqualTo("survivor");
    }
}
