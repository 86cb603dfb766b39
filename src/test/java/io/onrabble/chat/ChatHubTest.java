package io.onrabble.chat;

import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Frame;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one registry of live sessions: who gets frames, who counts as open, and when shutdown is done. */
@Tag("fast")
class ChatHubTest {
    private final ChatHub hub = new ChatHub(new Metrics());

    private static Frame frame(String type, String json) {
        return new Frame(type, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final Frame HISTORY = frame("active_channels", "{\"history\":1}");
    private static final Frame LAST = frame("connected_users", "{\"last\":1}");
    private static final ShownHistory NOTHING_SHOWN = ShownHistory.of(List.of(), List.of());

    @Test
    void framesForAConnectingSessionWaitUntilItsHistoryIsWritten() {
        var alice = new RecordingSession("alice");
        hub.register(alice);
        var live = frame("message_deleted", "{\"ids\":[1]}");

        hub.toAll(live, HistoryKey.NONE);
        assertThat(alice.frames).isEmpty();

        hub.goLive(alice, List.of(HISTORY), NOTHING_SHOWN, LAST);
        assertThat(alice.frames).containsExactly(HISTORY, live, LAST);
    }

    @Test
    void aHeldFrameTheHistoryAlreadyHoldsIsDropped() {
        var alice = new RecordingSession("alice");
        hub.register(alice);
        var inHistory = frame("chat_message", "{\"id\":1}");
        var newer = frame("chat_message", "{\"id\":2}");
        hub.toAll(inHistory, new HistoryKey.PublicMessage(1));
        hub.toAll(newer, new HistoryKey.PublicMessage(2));

        hub.goLive(alice, List.of(HISTORY), ShownHistory.of(List.of(1L), List.of()), LAST);

        assertThat(alice.frames).containsExactly(HISTORY, newer, LAST);
    }

    @Test
    void aFrameTheHistoryShowedIsDroppedEvenWhenItArrivesAfterTheHistory() {
        var alice = new RecordingSession("alice");
        hub.register(alice);
        // ids 1 and 3 were in the history; 2 was still being stored when it was read
        hub.goLive(alice, List.of(HISTORY), ShownHistory.of(List.of(1L, 3L), List.of(5L)), LAST);
        var late = frame("chat_message", "{\"id\":3}");
        var inFlight = frame("chat_message", "{\"id\":2}");
        var lateDm = frame("private_chat_message", "{\"id\":5}");

        hub.toAll(late, new HistoryKey.PublicMessage(3));
        hub.toAll(inFlight, new HistoryKey.PublicMessage(2));
        hub.toUsers(Set.of("alice-id"), lateDm, new HistoryKey.PrivateMessage(5));

        assertThat(alice.frames).containsExactly(HISTORY, LAST, inFlight);
    }

    @Test
    void aResumingSessionGetsNoLateFrameOfAMessageUpToItsResumePoint() {
        var bob = new RecordingSession("bob");
        hub.register(bob);
        // bob holds up to public 7 and private 4; 9 was replayed to him, 8 was still being stored
        hub.goLive(bob, List.of(HISTORY), ShownHistory.resumed(new ResumePoint(7, 4), List.of(9L), List.of()), LAST);
        var acked = frame("chat_message", "{\"id\":7}"); // acked to its sender before bob connected, broadcast late
        var replayed = frame("chat_message", "{\"id\":9}");
        var inFlight = frame("chat_message", "{\"id\":8}");
        var newer = frame("chat_message", "{\"id\":10}");
        var heldDm = frame("private_chat_message", "{\"id\":4}");
        var newDm = frame("private_chat_message", "{\"id\":5}");

        for (var f : List.of(acked, replayed, inFlight, newer)) {
            hub.toAll(f, new HistoryKey.PublicMessage(Long.parseLong(new String(f.json()).replaceAll("\\D", ""))));
        }
        hub.toUsers(Set.of("bob-id"), heldDm, new HistoryKey.PrivateMessage(4));
        hub.toUsers(Set.of("bob-id"), newDm, new HistoryKey.PrivateMessage(5));

        assertThat(bob.frames).containsExactly(HISTORY, LAST, inFlight, newer, newDm);
    }

    @Test
    void presenceNewsHeldWhileJoiningGivesWayToTheSnapshotButLaterNewsReachesTheSession() {
        var alice = new RecordingSession("alice");
        hub.register(alice);
        var arrival = frame("user_status", "{\"status\":true}");
        hub.toPresence(List.of(new StatusNews("bob-id", arrival)), null);
        hub.goLive(alice, List.of(HISTORY), NOTHING_SHOWN, LAST);
        var later = frame("user_status", "{\"status\":false}");

        hub.toPresence(List.of(new StatusNews("bob-id", later)), null);

        assertThat(alice.frames).containsExactly(HISTORY, LAST, later);
    }

    @Test
    void framesForSomeUsersReachEveryConnectionOfThoseUsersOnly() {
        var alice = live(new RecordingSession("alice"));
        var aliceAgain = live(new RecordingSession("alice"));
        var bob = live(new RecordingSession("bob"));
        var dm = frame("private_chat_message", "{\"id\":7}");

        hub.toUsers(Set.of("alice-id"), dm, new HistoryKey.PrivateMessage(7));

        assertThat(alice.frames).endsWith(dm);
        assertThat(aliceAgain.frames).endsWith(dm);
        assertThat(bob.frames).doesNotContain(dm);
    }

    @Test
    void aClosedSessionGetsNothingMoreAndIsNoLongerOpenButShutdownWaitsForItsDeparture() {
        var alice = live(new RecordingSession("alice"));
        var bob = live(new RecordingSession("bob"));
        hub.closed(alice);
        var after = frame("message_deleted", "{\"ids\":[2]}");

        hub.toAll(after, HistoryKey.NONE);
        var done = hub.closeAll(CloseCode.GOING_AWAY, "server shutting down");

        assertThat(alice.frames).doesNotContain(after);
        assertThat(hub.sessions()).containsExactly(bob);
        assertThat(bob.closedWith).isEqualTo(CloseCode.GOING_AWAY);
        assertThat(alice.closedWith).as("already closed").isNull();
        hub.finished(bob);
        assertThat(done).isNotDone();
        hub.finished(alice);
        assertThat(done).isDone();
        assertThat(hub.unfinished()).isZero();
    }

    @Test
    void aSessionArrivingDuringShutdownIsClosedAtOnce() {
        hub.closeAll(CloseCode.GOING_AWAY, "server shutting down");
        var late = new RecordingSession("late");

        hub.register(late);

        assertThat(late.closedWith).isEqualTo(CloseCode.GOING_AWAY);
        assertThat(hub.shuttingDown()).isTrue();
    }

    @Test
    void aDisconnectClosesEveryConnectionOfThatUserAndNoOther() {
        var mallory = live(new RecordingSession("mallory"));
        var malloryAgain = new RecordingSession("mallory");
        hub.register(malloryAgain);
        var bob = live(new RecordingSession("bob"));

        hub.disconnect("mallory-id", CloseCode.BANNED, "banned");

        assertThat(mallory.closedWith).isEqualTo(CloseCode.BANNED);
        assertThat(malloryAgain.closedWith).as("still connecting, closed all the same").isEqualTo(CloseCode.BANNED);
        assertThat(bob.closedWith).isNull();
    }

    @Test
    void subscribersOfATopicAreTheOpenSessionsThatSubscribed() {
        var dashboard = live(new RecordingSession("admin", ChatNode.DASHBOARD));
        var other = live(new RecordingSession("bob"));
        hub.subscribe(dashboard, "feed");

        assertThat(hub.subscribers("feed")).containsExactly(dashboard);
        hub.closed(dashboard);
        assertThat(hub.subscribers("feed")).isEmpty();
        assertThat(hub.sessions()).containsExactly(other);
    }

    private RecordingSession live(RecordingSession session) {
        hub.register(session);
        hub.goLive(session, List.of(), NOTHING_SHOWN, LAST);
        return session;
    }
}
