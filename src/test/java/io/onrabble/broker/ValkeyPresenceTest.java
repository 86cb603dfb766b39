package io.onrabble.broker;

import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.UserStatus;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The contract on the local Valkey, plus what only several nodes have: presence across nodes, and nodes that die. */
class ValkeyPresenceTest extends PresenceContractTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    private final TestValkey valkey = TestValkey.shared();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    @Override
    protected Presence open() {
        return node("node-a", TTL);
    }

    private ValkeyPresence node(String nodeId, Duration ttl) {
        var connection = valkey.connect();
        connections.add(connection);
        return new ValkeyPresence(connection, valkey.prefix(), nodeId, ttl);
    }

    @Override
    protected void dispose() {
        connections.forEach(StatefulRedisConnection::close);
        valkey.close();
    }

    @Test
    void aUserIsOnlineWhileTheyHaveAConnectionOnAnyNode() {
        var a = presence;
        var b = node("node-b", TTL);

        assertThat(a.join(ALICE, "c1")).isTrue();
        assertThat(b.join(ALICE, "c2")).isFalse();
        assertThat(b.online()).containsExactly(ALICE);
        assertThat(a.online()).containsExactly(ALICE);

        assertThat(a.leave(ALICE.id(), "c1")).isFalse();
        assertThat(a.online()).containsExactly(ALICE);
        assertThat(b.leave(ALICE.id(), "c2")).isTrue();
        assertThat(a.online()).isEmpty();
    }

    @Test
    void aNodeThatStopsBeatingTakesItsUsersOfflineOnceAndOnlyThose() {
        var crashing = node("node-crashing", Duration.ofMillis(600));
        var live = node("node-live", TTL);
        var alsoLive = node("node-also-live", TTL);
        crashing.join(ALICE, "c1");
        crashing.join(BOB, "c2");
        live.join(BOB, "c3");

        var offline = new ArrayList<UserStatus>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            offline.addAll(live.heartbeat().offline());
            offline.addAll(alsoLive.heartbeat().offline());
            return !offline.isEmpty();
        });

        assertThat(offline).containsExactly(new UserStatus("alice", ALICE.id(), false));
        assertThat(live.heartbeat().offline()).isEmpty();
        assertThat(live.online()).containsExactly(BOB);
        // The crashed node's leftover leave must not announce bob offline: he is still on node-live.
        assertThat(crashing.leave(BOB.id(), "c2")).isFalse();
        assertThat(live.leave(BOB.id(), "c3")).isTrue();
    }

    @Test
    void aNodeThatKeepsBeatingKeepsItsUsersOnline() throws InterruptedException {
        var beating = node("node-beating", Duration.ofMillis(600));
        var other = node("node-other", TTL);
        beating.join(ALICE, "c1");

        for (int i = 0; i < 8; i++) {
            assertThat(beating.heartbeat().offline()).isEmpty();
            assertThat(other.heartbeat().offline()).isEmpty();
            Thread.sleep(beating.heartbeatInterval().toMillis());
        }
        assertThat(other.online()).containsExactly(ALICE);
        assertThat(beating.leave(ALICE.id(), "c1")).isTrue();
    }
}
