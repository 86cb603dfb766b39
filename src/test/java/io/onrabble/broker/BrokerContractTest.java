package io.onrabble.broker;

import io.onrabble.domain.Channel;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every broker adapter must do, run in process and on Valkey. */
abstract class BrokerContractTest {
    /** A time with microseconds, as the hub stamps messages: the round trip must keep every digit. */
    private static final Instant AUTHORED = Instant.parse("2026-03-04T05:06:07.123456Z");

    /** One of each: every variant, and every frame features publish inside ToAll and ToUsers. */
    static final List<Delivery> EVERY_KIND = List.of(
            new Delivery.ToAll(new ServerMessage.Chat(
                    new ChatMessage(41, "u-alice", "alice", 1, "General", "hi \"all\" ✓", AUTHORED))),
            new Delivery.ToUsers(Set.of("u-alice", "u-bob"), new ServerMessage.Private(
                    new PrivateMessage(42, "u-alice", "alice", "u-bob", "bob", "psst\nbob", AUTHORED))),
            new Delivery.ToAll(new ServerMessage.Presence(new UserStatus("alice", "u-alice", true))),
            new Delivery.ToAll(new ServerMessage.Presence(new UserStatus("bob", "u-bob", false))),
            new Delivery.ToAll(new ServerMessage.MessageDeleted(List.of(3L, 5L, 8L))),
            new Delivery.Disconnect("u-mallory", CloseCode.BANNED, "banned"),
            new Delivery.ChannelsChanged(List.of(new Channel(1, "General", null, 0),
                    new Channel(7, "random", "off topic", 2))),
            new Delivery.RateLimitsChanged());

    protected Broker broker;
    protected final List<Delivery> received = new CopyOnWriteArrayList<>();

    protected abstract Broker open();

    protected void dispose() {
    }

    @BeforeEach
    void setUp() {
        broker = open();
        broker.subscribe(received::add);
    }

    @AfterEach
    void tearDown() {
        broker.close();
        dispose();
    }

    @Test
    void everyKindOfDeliveryReachesTheSubscriberOnceAndUnchanged() throws InterruptedException {
        EVERY_KIND.forEach(broker::publish);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= EVERY_KIND.size());
        // and nothing more arrives: no delivery is repeated
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> received.size() == EVERY_KIND.size());
        assertThat(received).containsExactlyElementsOf(EVERY_KIND);
    }

    @Test
    void deliveriesArriveInPublishOrder() {
        for (long id = 1; id <= 200; id++) {
            broker.publish(new Delivery.ToAll(new ServerMessage.MessageDeleted(List.of(id))));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 200);
        assertThat(received).extracting(d -> ((ServerMessage.MessageDeleted) ((Delivery.ToAll) d).message()).ids().getFirst())
                .isSorted().doesNotHaveDuplicates().hasSize(200);
    }
}
