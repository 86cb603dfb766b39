package io.onrabble.typing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle and rate limit of typing frames, on a scripted clock. */
@Tag("fast")
class TypingGateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TypingGate gate = new TypingGate(
            new TypingSettings(Duration.ofSeconds(3), Duration.ofSeconds(6), 5, Duration.ofSeconds(10)), now::get);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void theFirstIsRelayedAndTheRestOfTheIntervalIsAbsorbed() {
        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Relay.class);
        advance(Duration.ofMillis(2999));
        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Absorbed.class);
        advance(Duration.ofMillis(1));
        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Relay.class);
    }

    @Test
    void eachSenderAndConversationHasItsOwnInterval() {
        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Relay.class);
        assertThat(gate.check("alice", "c:random")).isInstanceOf(TypingGate.Relay.class);
        assertThat(gate.check("alice", "p:u-bob")).isInstanceOf(TypingGate.Relay.class);
        assertThat(gate.check("bob", "c:General")).isInstanceOf(TypingGate.Relay.class);
        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Absorbed.class);
    }

    @Test
    void beyondTheRateLimitEveryFrameIsRefusedUntilTheWindowEnds() {
        for (int i = 0; i < 5; i++) {
            assertThat(gate.check("alice", "c:c" + i)).isInstanceOf(TypingGate.Relay.class);
        }
        advance(Duration.ofSeconds(4));

        assertThat(gate.check("alice", "c:c0")).isEqualTo(new TypingGate.Limited(6000));
        assertThat(gate.check("bob", "c:c0")).as("another sender's own limit").isInstanceOf(TypingGate.Relay.class);
        advance(Duration.ofSeconds(6));
        assertThat(gate.check("alice", "c:c0")).isInstanceOf(TypingGate.Relay.class);
    }

    @Test
    void absorbedFramesCountAgainstTheLimitToo() {
        for (int i = 0; i < 5; i++) {
            gate.check("alice", "c:General");
        }

        assertThat(gate.check("alice", "c:General")).isInstanceOf(TypingGate.Limited.class);
    }
}
