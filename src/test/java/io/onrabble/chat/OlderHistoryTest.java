package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;

import static io.onrabble.chat.HistorySetup.dm;
import static io.onrabble.chat.HistorySetup.ids;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Older history on demand ({@code get_history}) end to end over real sockets, in each
 * {@link HistorySetup}: pages reach back to the first message, from the ring and then the database,
 * without deleted messages, and refusals are error frames with the request's nonce.
 */
@ParameterizedClass
@EnumSource(HistorySetup.class)
class OlderHistoryTest {
    @Parameter
    HistorySetup setup;

    private TestServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    private TestClient connect(String username) {
        var client = server.connect(username);
        clients.add(client);
        return client;
    }

    /** Sends {@code count} public messages without waiting for each ack; their ids, in order. */
    private static List<Long> sendMany(TestClient client, String channel, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.send("{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"message\":\"" + prefix + i
                    + "\",\"nonce\":\"" + prefix + i + "\"}");
        }
        var byNonce = new HashMap<String, Long>();
        while (byNonce.size() < count) {
            var frame = client.next();
            var payload = frame.path("payload");
            assertThat(frame.path("type").asText()).as(frame.toString()).isNotEqualTo("error");
            if (frame.path("type").asText().equals("ack") && payload.path("nonce").asText().startsWith(prefix)) {
                byNonce.put(payload.path("nonce").asText(), payload.path("id").asLong());
            }
        }
        var ids = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            ids.add(byNonce.get(prefix + i));
        }
        return ids;
    }

    /** Every page of a channel or conversation, newest first, back to the first message; the ids oldest first. */
    private static List<Long> pageBack(TestClient client, String target, int limit) {
        var all = new ArrayList<Long>();
        String before = "";
        for (int page = 0; ; page++) {
            client.send("{\"type\":\"get_history\"," + target + before + ",\"limit\":" + limit + ",\"nonce\":\"p" + page + "\"}");
            var frame = skipToNonce(client, "p" + page);
            assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("history");
            var payload = frame.path("payload");
            var ids = ids(payload.path("messages"));
            assertThat(ids).isSorted().hasSizeLessThanOrEqualTo(limit);
            all.addAll(0, ids);
            if (!payload.path("has_more").asBoolean()) {
                return all;
            }
            assertThat(ids).hasSize(limit);
            before = ",\"before\":" + ids.getFirst();
        }
    }

    private static JsonNode skipToNonce(TestClient client, String nonce) {
        while (true) {
            var frame = client.next();
            if (nonce.equals(frame.path("payload").path("nonce").asText(null))) {
                return frame;
            }
        }
    }

    @Test
    void pagingThroughTwoThousandMessagesReachesTheFirstAndSkipsTheDeleted() throws Exception {
        server = setup.start();
        HistorySetup.allowManyMessages(server);
        HistorySetup.createChannel(server, "random");
        var alice = connect("alice");
        var general = new ArrayList<Long>();
        for (int batch = 0; batch < 4; batch++) {
            general.addAll(sendMany(alice, "General", "g" + batch + "-", 500));
            sendMany(alice, "random", "r" + batch + "-", 20); // other channels' messages stay out of General's pages
        }
        // Deleted: the first, the newest, some older than the ring (500 by default) and some in it.
        var deleted = List.of(general.getFirst(), general.get(1), general.get(700), general.get(1499), general.get(1999),
                general.get(1800), general.get(1801));
        var response = server.send("DELETE", "/messages", server.adminToken("root"),
                "{\"ids\":" + deleted.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")) + "}");
        assertThat(response.statusCode()).isEqualTo(204);

        var bob = connect("bob");
        var paged = pageBack(bob, "\"channel\":\"General\"", 200);

        var expected = new ArrayList<>(general);
        expected.removeAll(deleted);
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void aConversationPagesBackToItsFirstMessageAndHoldsNoOtherConversation() throws Exception {
        server = setup.start("HISTORY_SIZE", "20");
        HistorySetup.allowManyMessages(server);
        var alice = connect("alice");
        var bob = connect("bob");
        var between = new ArrayList<Long>();
        for (int i = 0; i < 60; i++) {
            between.add(i % 2 == 0 ? dm(alice, userId("bob"), "ab" + i) : dm(bob, userId("alice"), "ba" + i));
            if (i % 10 == 0) {
                dm(alice, userId("carol"), "ac" + i);
            }
        }

        assertThat(pageBack(bob, "\"user_id\":\"" + userId("alice") + "\"", 25)).containsExactlyElementsOf(between);
        assertThat(pageBack(alice, "\"user_id\":\"" + userId("bob") + "\"", 7)).containsExactlyElementsOf(between);
        // Nobody reads a conversation they are not in: carol's with bob is empty, whatever alice and bob said.
        var carol = connect("carol");
        assertThat(pageBack(carol, "\"user_id\":\"" + userId("bob") + "\"", 10)).isEmpty();
        carol.send("{\"type\":\"get_history\",\"user_id\":\"" + userId("alice") + "\",\"nonce\":\"c\"}");
        var withAlice = skipToNonce(carol, "c").path("payload");
        assertThat(withAlice.path("user_id").asText()).isEqualTo(userId("alice"));
        assertThat(withAlice.path("messages")).hasSize(6).allSatisfy(m ->
                assertThat(m.path("recipient").asText()).isEqualTo("carol"));
        assertThat(withAlice.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void theNewestPageIsTheDefaultAndCarriesTheChannelName() throws Exception {
        server = setup.start("HISTORY_PAGE_DEFAULT", "2");
        var alice = connect("alice");
        var sent = sendMany(alice, "General", "x", 3);

        alice.send("{\"type\":\"get_history\",\"channel\":\"General\",\"nonce\":\"d\"}");
        var page = skipToNonce(alice, "d");
        assertThat(page.path("sender").asText()).isEqualTo("Server");
        assertThat(page.path("payload").path("channel").asText()).isEqualTo("General");
        assertThat(ids(page.path("payload").path("messages"))).containsExactlyElementsOf(sent.subList(1, 3));
        assertThat(page.path("payload").path("has_more").asBoolean()).isTrue();
    }

    @Test
    void badRequestsAreRefusedWithTheirNonceAndTheConnectionStays() throws Exception {
        server = setup.start("HISTORY_PAGE_MAX", "100");
        var alice = connect("alice");
        var refusals = List.of(
                List.of("\"channel\":\"General\",\"user_id\":\"x\"", "bad_request"),
                List.of("\"limit\":10", "bad_request"),
                List.of("\"channel\":\"General\",\"limit\":0", "bad_request"),
                List.of("\"channel\":\"General\",\"limit\":101", "bad_request"),
                List.of("\"channel\":\"General\",\"limit\":\"ten\"", "bad_request"),
                List.of("\"channel\":\"General\",\"before\":-5", "bad_request"),
                List.of("\"channel\":\"General\",\"before\":1.5", "bad_request"),
                List.of("\"channel\":\"Nowhere\"", "unknown_channel"));
        for (int i = 0; i < refusals.size(); i++) {
            alice.send("{\"type\":\"get_history\"," + refusals.get(i).get(0) + ",\"nonce\":\"e" + i + "\"}");
            var error = alice.next("error").path("payload");
            assertThat(error.path("code").asText()).as(refusals.get(i).get(0)).isEqualTo(refusals.get(i).get(1));
            assertThat(error.path("nonce").asText()).isEqualTo("e" + i);
        }
        alice.send("{\"type\":\"get_history\",\"channel\":\"General\",\"limit\":100,\"nonce\":\"ok\"}");
        assertThat(alice.next("history").path("payload").path("has_more").asBoolean()).isFalse();
    }
}
