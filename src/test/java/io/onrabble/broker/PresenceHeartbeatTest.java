package io.onrabble.broker;

import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.Codec;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The users a crashed node leaves behind are announced offline through the broker, once. */
class PresenceHeartbeatTest {
    private static final Codec CODEC = new Codec(4000);
    private final TestValkey valkey = TestValkey.shared();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    private ValkeyPresence node(String nodeId, Duration ttl) {
        var connection = valkey.connect();
        connections.add(connection);
        return new ValkeyPresence(connection, valkey.prefix(), nodeId, ttl);
    }

    @AfterEach
    void tearDown() {
        connections.forEach(StatefulRedisConnection::close);
        valkey.close();
    }

    @Test
    void aCrashedNodesUsersAreAnnouncedOfflineOnce() throws InterruptedException {
        var crashed = node("crashed", Duration.ofMillis(300));
        crashed.join(new UserStatus("alice", "u-alice", true), "c1");
        var broker = new MemoryBroker();
        var handler = new RecordedEvents();
        var announced = handler.events;
        broker.subscribe(handler);
        var survivors = List.of(new PresenceHeartbeat(node("a", Duration.ofSeconds(15)), broker, CODEC, List::of),
                new PresenceHeartbeat(node("b", Duration.ofSeconds(15)), broker, CODEC, List::of));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            survivors.forEach(PresenceHeartbeat::run);
            return !announced.isEmpty();
        });
        Thread.sleep(300);
        survivors.forEach(PresenceHeartbeat::run);

        assertThat(announced).containsExactly(
                NodeEvent.PresenceChanged.of(CODEC, new UserStatus("alice", "u-alice", false)));
    }

    @Test
    void aNodeWhosePresenceWasLostRegistersItsOpenConnectionsAgain() {
        var presence = node("survivor", Duration.ofSeconds(15));
        var alice = new LocalConnection(new UserStatus("alice", "u-alice", true), "c1");
        presence.join(alice.user(), alice.connectionId());
        var broker = new MemoryBroker();
        var handler = new RecordedEvents();
        var announced = handler.events;
        broker.subscribe(handler);
        var heartbeat = new PresenceHeartbeat(presence, broker, CODEC, () -> List.of(alice));

        heartbeat.run();
        assertThat(announced).isEmpty();

        valkey.commands().del(valkey.commands().keys(valkey.prefix() + "presence:*").toArray(String[]::new));
        assertThat(presence.online()).isEmpty();
        heartbeat.run();

        assertThat(presence.online()).containsExactly(alice.user());
        assertThat(announced).containsExactly(NodeEvent.PresenceChanged.of(CODEC, alice.user()));
    }
}
