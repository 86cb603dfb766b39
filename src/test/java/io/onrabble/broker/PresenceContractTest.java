package io.onrabble.broker;

import io.onrabble.domain.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every presence adapter must do, run in process and on Valkey. */
abstract class PresenceContractTest {
    static final UserStatus ALICE = new UserStatus("alice", "u-alice", true);
    static final UserStatus BOB = new UserStatus("bob", "u-bob", true);

    protected Presence presence;

    protected abstract Presence open();

    protected void dispose() {
    }

    @BeforeEach
    void setUp() {
        presence = open();
    }

    @AfterEach
    void tearDown() {
        dispose();
    }

    @Test
    void theFirstConnectionBringsAUserOnlineAndTheLastTakesThemOffline() {
        assertThat(presence.join(ALICE, "c1")).isTrue();
        assertThat(presence.join(ALICE, "c2")).isFalse();
        assertThat(presence.join(BOB, "c3")).isTrue();

        assertThat(presence.leave(ALICE.id(), "c1")).isFalse();
        assertThat(presence.leave(ALICE.id(), "c2")).isTrue();
        assertThat(presence.online()).containsExactly(BOB);
    }

    @Test
    void onlineListsEachUserOnceWhateverTheirConnections() {
        presence.join(ALICE, "c1");
        presence.join(ALICE, "c2");
        presence.join(BOB, "c3");

        assertThat(presence.online()).containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void leavingAConnectionThatIsNotThereChangesNothing() {
        presence.join(ALICE, "c1");

        assertThat(presence.leave(ALICE.id(), "unknown")).isFalse();
        assertThat(presence.leave(BOB.id(), "c1")).isFalse();
        assertThat(presence.leave(ALICE.id(), "c1")).isTrue();
        assertThat(presence.leave(ALICE.id(), "c1")).isFalse();
        assertThat(presence.online()).isEmpty();
    }

    @Test
    void aUserWhoLeftComesOnlineAgain() {
        presence.join(ALICE, "c1");
        presence.leave(ALICE.id(), "c1");

        assertThat(presence.join(ALICE, "c2")).isTrue();
        assertThat(presence.online()).containsExactly(ALICE);
    }
}
