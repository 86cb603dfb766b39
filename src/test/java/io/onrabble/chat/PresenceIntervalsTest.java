package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.RawWebSocket;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence in intervals over real sockets, with a legacy window of {@value #LIMIT} users: after a
 * storm of joins and leaves every client's view is right (a batch client's exactly, a legacy
 * client's exactly below the limit and a correct subset above it), and no client is ever told
 * news its view already holds, including one that connected during the storm.
 */
class PresenceIntervalsTest {
    private static final int LIMIT = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestServer server;
    private final Map<String, List<TestClient>> open = new LinkedHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("PRESENCE_INTERVAL", "200ms", "PRESENCE_LEGACY_LIMIT", String.valueOf(LIMIT));
    }

    @AfterEach
    void stop() {
        open.values().forEach(clients -> clients.forEach(TestClient::close));
        server.close();
    }

    @Test
    void twoConnectsWithNoMessageBetweenGetTheSameHistoryBytes() throws Exception {
        var alice = join("alice", false);
        alice.client.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hello\"}");
        alice.client.skipTo("chat_message");

        byte[] first;
        byte[] second;
        try (var one = RawWebSocket.open(server.port(), server.token("bob"), 1 << 16);
             var two = RawWebSocket.open(server.port(), server.token("carol"), 1 << 16)) {
            first = one.readFrame().payload();
            second = two.readFrame().payload();
        }

        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("{\"type\":\"bulk_chat_messages\"")
                .contains("hello");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void belowTheLimitEveryViewIsExactAfterAStorm() {
        var legacy = join("legacy", false);
        var batch = join("batch", true);

        storm(List.of("u1", "u2", "u3", "u4"), List.of("u2", "u4"), "u1");

        awaitViews(legacy, batch);
        assertThat(legacy.shown).containsExactlyInAnyOrderElementsOf(online());
    }

    @Test
    void aboveTheLimitALegacyViewIsABoundedCorrectWindowAndNoOneStaysShownOnline() {
        var legacy = join("legacy", false);
        var batch = join("batch", true);
        var users = List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "u10");

        storm(users, List.of("u2", "u5", "u7"), "u3");
        awaitViews(legacy, batch);
        await().atMost(PATIENCE).untilAsserted(() -> {
            legacy.drain();
            // the window's users, and the client's own user, who may have come on top of a full window
            assertThat(legacy.shown).isSubsetOf(online()).hasSizeGreaterThanOrEqualTo(LIMIT);
            assertThat(legacy.shown.stream().filter(id -> !id.equals(userId("legacy")))).hasSizeLessThanOrEqualTo(LIMIT);
        });

        storm(List.of(), users.stream().filter(open::containsKey).filter(u -> !u.equals("u9")).toList(), null);
        awaitViews(legacy, batch);
        await().atMost(PATIENCE).untilAsserted(() -> {
            legacy.drain();
            assertThat(legacy.shown).containsExactlyInAnyOrderElementsOf(online());
        });
    }

    @Test
    void aClientConnectingDuringAStormGetsASnapshotThenOnlyLaterChanges() {
        var early = join("early", true);
        var names = new ArrayList<String>();
        for (int i = 0; i < 12; i++) {
            names.add("s" + i);
        }
        storm(names.subList(0, 6), List.of("s1"), "s2");
        var lateBatch = join("late-batch", true);
        var lateLegacy = join("late-legacy", false);
        storm(names.subList(6, 12), List.of("s3", "s7", "s8"), "s4");

        awaitViews(early, lateBatch, lateLegacy);
    }

    /** Each view applies frames as a client would; news that does not change it is a violation. */
    private final class View {
        final String name;
        final TestClient client;
        final boolean batches;
        final Set<String> shown = new HashSet<>();

        View(String name, TestClient client, boolean batches) {
            this.name = name;
            this.client = client;
            this.batches = batches;
        }

        void drain() throws InterruptedException {
            JsonNode frame;
            while ((frame = client.poll(0)) != null) {
                apply(frame.path("type").asText(), frame.path("payload"));
            }
        }

        private void apply(String type, JsonNode payload) {
            switch (type) {
                case "connected_users" -> {
                    shown.clear();
                    payload.path("users").forEach(u -> shown.add(u.path("id").asText()));
                }
                case "user_status" -> change(payload.path("id").asText(), payload.path("status").asBoolean());
                case "presence" -> {
                    if (payload.path("kind").asText().equals("snapshot")) {
                        shown.clear();
                        assertThat(payload.has("next")).as("one page holds everyone here").isFalse();
                    }
                    payload.path("online").forEach(u -> change(u.path("id").asText(), true));
                    payload.path("offline").forEach(id -> change(id.asText(), false));
                }
                default -> {
                }
            }
        }

        private void change(String id, boolean online) {
            if (online ? !shown.add(id) : !shown.remove(id)) {
                violations.add(name + " was told " + id + " is " + (online ? "online" : "offline") + " again");
            }
        }
    }

    private View join(String username, boolean batches) {
        var uri = server.wsUri(server.token(username));
        var client = TestClient.connect(batches ? URI.create(uri + "&presence=batch") : uri);
        open.computeIfAbsent(username, u -> new ArrayList<>()).add(client);
        return new View(username, client, batches);
    }

    /** Connects {@code joins}, closes {@code leaves}, and has {@code flapper} leave and come back three times. */
    private void storm(List<String> joins, List<String> leaves, String flapper) {
        joins.forEach(name -> join(name, false));
        for (var name : leaves) {
            open.remove(name).forEach(TestClient::close);
        }
        if (flapper != null) {
            for (int i = 0; i < 3; i++) {
                open.remove(flapper).forEach(TestClient::close);
                join(flapper, false);
            }
        }
    }

    private Set<String> online() {
        var ids = new HashSet<String>();
        open.keySet().forEach(name -> ids.add(userId(name)));
        return ids;
    }

    /**
     * Batch views must match who is online exactly; legacy views must show only online users, and at
     * least as many as the window holds (their own user may come on top of a full window).
     */
    private void awaitViews(View... views) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            var online = online();
            for (var view : views) {
                view.drain();
                if (view.batches) {
                    assertThat(view.shown).as(view.name).containsExactlyInAnyOrderElementsOf(online);
                } else {
                    assertThat(view.shown).as(view.name).isSubsetOf(online)
                            .hasSizeGreaterThanOrEqualTo(Math.min(LIMIT, online.size()));
                }
            }
        });
        assertThat(violations).isEmpty();
    }
}
