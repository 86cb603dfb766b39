package io.onrabble.chat;

import io.onrabble.auth.Principal;
import io.onrabble.chat.EditPolicy.Verdict;
import io.onrabble.domain.ChatMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may change a public message, and until when. */
@Tag("fast")
class EditPolicyTest {
    private static final Instant SENT = Instant.parse("2026-12-01T12:00:00Z");
    private static final EditPolicy POLICY = new EditPolicy(Duration.ofMinutes(15), "admin");
    private static final ChatMessage ALICES = new ChatMessage(7, "alice-id", "alice", 1, "General", "hi", SENT);

    private static Principal user(String name, String... roles) {
        return new Principal(name + "-id", name, "test", "ChatClient", Set.of(roles), SENT.plusSeconds(3600));
    }

    @Test
    void theAuthorMayEditAndDeleteUpToTheEndOfTheWindowAndNotAfter() {
        var alice = user("alice");
        var last = SENT.plus(Duration.ofMinutes(15));

        assertThat(POLICY.mayEdit(alice, ALICES, SENT)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayEdit(alice, ALICES, last)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayDelete(alice, ALICES, last)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayEdit(alice, ALICES, last.plusNanos(1000))).isEqualTo(Verdict.WINDOW_CLOSED);
        assertThat(POLICY.mayDelete(alice, ALICES, last.plusNanos(1000))).isEqualTo(Verdict.WINDOW_CLOSED);
    }

    @Test
    void anotherUserMayNeitherEditNorDeleteWithinTheWindow() {
        var bob = user("bob");

        assertThat(POLICY.mayEdit(bob, ALICES, SENT)).isEqualTo(Verdict.NOT_YOURS);
        assertThat(POLICY.mayDelete(bob, ALICES, SENT)).isEqualTo(Verdict.NOT_YOURS);
    }

    @Test
    void anAdminChangesTheirOwnMessagesAtAnyTimeAndDeletesOthersButNeverRewritesThem() {
        var root = user("root", "admin");
        var roots = new ChatMessage(8, "root-id", "root", 1, "General", "rules", SENT);
        var muchLater = SENT.plus(Duration.ofDays(30));

        assertThat(POLICY.mayEdit(root, roots, muchLater)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayDelete(root, roots, muchLater)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayDelete(root, ALICES, muchLater)).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.mayEdit(root, ALICES, SENT)).isEqualTo(Verdict.NOT_YOURS);
    }

    @Test
    void aWindowOfZeroLeavesChangesToAdmins() {
        var closed = new EditPolicy(Duration.ZERO, "admin");

        assertThat(closed.mayEdit(user("alice"), ALICES, SENT.plusNanos(1000))).isEqualTo(Verdict.WINDOW_CLOSED);
        assertThat(closed.mayDelete(user("root", "admin"), ALICES, SENT.plusSeconds(1))).isEqualTo(Verdict.ALLOWED);
    }
}
