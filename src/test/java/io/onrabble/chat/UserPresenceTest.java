package io.onrabble.chat;

import io.onrabble.protocol.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Presence is per user: a second connection is no news, the last one leaving is; dashboards are not users. */
@Tag("fast")
class UserPresenceTest {
    private ChatNode node;
    private RecordingSession bob;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        node = new ChatNode(dataDir, 100);
        bob = new RecordingSession("bob");
        node.join(bob);
        bob.frames.clear();
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aUsersFirstConnectionAnnouncesThemOnlineAndASecondIsNoNews() {
        node.join(new RecordingSession("alice"));
        node.join(new RecordingSession("alice"));

        assertThat(bob.payloads("user_status")).singleElement().satisfies(p -> {
            assertThat(p.path("id").asText()).isEqualTo("alice-id");
            assertThat(p.path("status").asBoolean()).isTrue();
        });
        assertThat(node.presence.online()).extracting(u -> u.id()).containsExactlyInAnyOrder("alice-id", "bob-id");
    }

    @Test
    void onlyTheLastConnectionLeavingAnnouncesTheUserOffline() {
        var phone = new RecordingSession("alice");
        var laptop = new RecordingSession("alice");
        node.join(phone);
        node.join(laptop);

        node.leave(phone);
        assertThat(bob.payloads("user_status")).hasSize(1);
        assertThat(node.presence.online()).extracting(u -> u.id()).contains("alice-id");

        node.leave(laptop);
        assertThat(bob.payloads("user_status")).hasSize(2).last()
                .satisfies(p -> assertThat(p.path("status").asBoolean()).isFalse());
        assertThat(node.presence.online()).extracting(u -> u.id()).containsExactly("bob-id");
    }

    @Test
    void aJoiningUserIsToldWhoIsOnlineButNotTheNewsOfTheirOwnArrival() {
        var alice = new RecordingSession("alice");

        node.join(alice);

        assertThat(alice.types()).doesNotContain("user_status");
        assertThat(alice.payloads("connected_users").getFirst().toString()).contains("alice-id", "bob-id");
    }

    @Test
    void dashboardsAreLeftOutOfPresence() {
        var dashboard = new RecordingSession("admin", ChatNode.DASHBOARD);

        node.join(dashboard);
        node.leave(dashboard);

        assertThat(bob.frames).extracting(Frame::type).doesNotContain("user_status");
        assertThat(dashboard.payloads("connected_users").getFirst().toString()).doesNotContain("admin-id");
        assertThat(node.presence.online()).extracting(u -> u.id()).containsExactly("bob-id");
    }
}
