package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence in intervals, below the hub: each {@code flush()} is one interval. Batch sessions get
 * every net change once; legacy sessions a bounded window that is never wrong for longer than an interval.
 */
@Tag("fast")
class PresenceFeedTest {
    private static final Capabilities BATCHES = new Capabilities(true, false, false, false, false, null);

    private ChatNode node;

    private void wire(Path dataDir, int legacyLimit) {
        node = new ChatNode(dataDir, 100, new PresenceSettings(Duration.ofSeconds(1), legacyLimit, 100));
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aBatchCarriesEveryNetChangeOfTheIntervalAndNothingElse(@TempDir Path dataDir) {
        wire(dataDir, 100);
        var watcher = batchSession("watcher");
        var users = new ArrayList<RecordingSession>();
        for (var name : List.of("u1", "u2", "u3", "u4")) {
            users.add(join(name));
        }
        node.leave(users.get(1));
        node.presenceFeed.flush();

        var first = changes(watcher);
        assertThat(first).hasSize(1);
        assertThat(ids(first.getFirst().path("online"))).containsExactlyInAnyOrder("watcher-id", "u1-id", "u3-id",
                "u4-id");
        assertThat(first.getFirst().path("offline")).isEmpty();
        assertThat(first.getFirst().path("online_count").asInt()).isEqualTo(4);

        node.leave(users.get(0));
        join("u5");
        node.presenceFeed.flush();

        var second = changes(watcher);
        assertThat(second).hasSize(2);
        assertThat(ids(second.getLast().path("online"))).containsExactly("u5-id");
        assertThat(ids(second.getLast().path("offline"))).containsExactly("u1-id");
    }

    @Test
    void aUserFlappingWithinAnIntervalCostsOthersNothing(@TempDir Path dataDir) {
        wire(dataDir, 100);
        var watcher = batchSession("watcher");
        var legacy = legacySession("legacy");
        var alice = join("alice");
        node.presenceFeed.flush();
        var batchesBefore = changes(watcher).size();
        var legacyBefore = legacy.frames.size();

        for (int i = 0; i < 5; i++) {
            node.leave(alice);
            alice = join("alice");
        }
        node.presenceFeed.flush();

        assertThat(changes(watcher)).hasSize(batchesBefore);
        assertThat(legacy.frames).hasSize(legacyBefore);
    }

    @Test
    void belowTheLimitALegacySessionSeesEveryoneOnline(@TempDir Path dataDir) {
        wire(dataDir, 10);
        var legacy = legacySession("legacy");
        var sessions = new ArrayList<RecordingSession>();
        for (int i = 0; i < 6; i++) {
            sessions.add(join("u" + i));
        }
        node.leave(sessions.get(2));
        node.leave(sessions.get(4));
        node.presenceFeed.flush();

        assertThat(LegacyView.of(legacy)).containsExactlyInAnyOrder("legacy-id", "u0-id", "u1-id", "u3-id", "u5-id");
    }

    @Test
    void aboveTheLimitALegacySessionSeesABoundedWindowOfOnlineUsersRefilledAsTheyLeave(@TempDir Path dataDir) {
        wire(dataDir, 3);
        var legacy = legacySession("legacy");
        var sessions = new ArrayList<RecordingSession>();
        for (int i = 0; i < 8; i++) {
            sessions.add(join("u" + i));
            node.presenceFeed.flush();
        }
        assertThat(LegacyView.of(legacy)).hasSize(3).contains("legacy-id").isSubsetOf(online());

        // everyone the window showed leaves: their places go to users still online
        for (var session : List.copyOf(sessions)) {
            if (LegacyView.of(legacy).contains(session.principal().userId())) {
                node.leave(session);
                sessions.remove(session);
            }
        }
        node.presenceFeed.flush();
        assertThat(LegacyView.of(legacy)).hasSize(3).isSubsetOf(online());

        sessions.subList(1, sessions.size()).forEach(node::leave);
        node.presenceFeed.flush();
        assertThat(LegacyView.of(legacy)).containsExactlyInAnyOrder("legacy-id", sessions.getFirst().principal().userId());
    }

    @Test
    void aSessionJoiningBetweenIntervalsGetsTheLastSnapshotThenOnlyLaterChanges(@TempDir Path dataDir) {
        wire(dataDir, 100);
        join("u1");
        var u2 = join("u2");
        node.presenceFeed.flush();
        node.leave(u2);
        join("u3");
        var late = batchSession("late");
        var legacy = legacySession("legacy");

        assertThat(ids(late.payloads("presence").getFirst().path("online"))).containsExactly("u1-id", "u2-id");
        node.presenceFeed.flush();

        var changes = changes(late);
        assertThat(changes).hasSize(1);
        assertThat(ids(changes.getFirst().path("online"))).containsExactlyInAnyOrder("u3-id", "late-id", "legacy-id");
        assertThat(ids(changes.getFirst().path("offline"))).containsExactly("u2-id");
        assertThat(LegacyView.of(legacy)).containsExactlyInAnyOrder("u1-id", "u3-id", "late-id", "legacy-id");
    }

    @Test
    void aBatchSessionPagesThroughEveryoneOnlineAndAsksForUsersById(@TempDir Path dataDir) {
        node = new ChatNode(dataDir, 100, new PresenceSettings(Duration.ofSeconds(1), 100, 2));
        for (var name : List.of("u1", "u2", "u3", "u4")) {
            join(name);
        }
        node.presenceFeed.flush();
        var reader = batchSession("reader");
        var snapshot = reader.payloads("presence").getFirst();
        assertThat(ids(snapshot.path("online"))).containsExactly("u1-id", "u2-id");

        node.presenceFeed.page(reader, null, snapshot.path("next").asText(), 10, "n1");
        var second = reader.payloads("presence").getLast();
        assertThat(ids(second.path("online"))).containsExactly("u3-id", "u4-id");
        assertThat(second.path("nonce").asText()).isEqualTo("n1");
        assertThat(second.has("next")).isFalse();

        node.presenceFeed.page(reader, List.of("u2-id", "nobody"), null, null, null);
        var byId = reader.payloads("presence").getLast();
        assertThat(ids(byId.path("online"))).containsExactly("u2-id");
        assertThat(ids(byId.path("offline"))).containsExactly("nobody");
    }

    private RecordingSession join(String name) {
        var session = new RecordingSession(name);
        node.join(session);
        return session;
    }

    private RecordingSession batchSession(String name) {
        var session = new RecordingSession(name, "ChatClient", BATCHES);
        node.join(session);
        return session;
    }

    private RecordingSession legacySession(String name) {
        return join(name);
    }

    private List<String> online() {
        return node.presence.online().stream().map(u -> u.id()).toList();
    }

    private static List<JsonNode> changes(RecordingSession session) {
        return session.payloads("presence").stream().filter(p -> p.path("kind").asText().equals("changes")).toList();
    }

    private static List<String> ids(JsonNode users) {
        return StreamSupport.stream(users.spliterator(), false)
                .map(user -> user.isTextual() ? user.asText() : user.path("id").asText()).toList();
    }

    /** Who a legacy client shows online: its connected_users, then every user_status in order, each consistent. */
    static final class LegacyView {
        static List<String> of(RecordingSession session) {
            var shown = new java.util.LinkedHashSet<String>();
            for (var frame : session.frames) {
                var payload = RecordingSession.payload(frame);
                switch (frame.type()) {
                    case "connected_users" -> {
                        shown.clear();
                        payload.path("users").forEach(u -> shown.add(u.path("id").asText()));
                    }
                    case "user_status" -> {
                        var id = payload.path("id").asText();
                        var changed = payload.path("status").asBoolean() ? shown.add(id) : shown.remove(id);
                        assertThat(changed).as("user_status of %s must change the view", id).isTrue();
                    }
                    default -> {
                    }
                }
            }
            return List.copyOf(shown);
        }
    }
}
