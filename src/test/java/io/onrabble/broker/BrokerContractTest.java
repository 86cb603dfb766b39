package io.onrabble.broker;

import io.onrabble.domain.Channel;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.UserStatus;
import io.onrabble.protocol.CloseCode;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every broker adapter must do, run in process and on Valkey. */
abstract class BrokerContractTest {
    /** A time with microseconds, as the hub stamps messages: the round trip must keep every digit. */
    private static final Instant AUTHORED = Instant.parse("2026-03-04T05:06:07.123456Z");

    static final Codec CODEC = new Codec(4000);

    /** One of each: every kind, the frames with text that JSON must escape. */
    static final List<NodeEvent> EVERY_KIND = List.of(
            NodeEvent.Chat.of(CODEC, new ChatMessage(41, "u-alice", "alice", 1, "General", "hi \"all\" ✓", AUTHORED)),
            NodeEvent.Private.of(CODEC, new PrivateMessage(42, "u-alice", "alice", "u-bob", "bob", "psst\nbob", AUTHORED)),
            NodeEvent.PresenceChanged.of(CODEC, new UserStatus("alice", "u-alice", true)),
            NodeEvent.PresenceChanged.of(CODEC, new UserStatus("bob", "u-bob", false)),
            NodeEvent.MessagesDeleted.of(CODEC, List.of(3L, 5L, 8L)),
            new NodeEvent.Disconnect("u-mallory", CloseCode.BANNED, "banned"),
            new NodeEvent.ChannelsChanged(List.of(new Channel(1, "General", null, 0),
                    new Channel(7, "random", "off topic", 2))),
            new NodeEvent.RateLimitsChanged(),
            new NodeEvent.Typing("u-alice", "General", null,
                    CODEC.frame(new ServerMessage.Typing("u-alice", "alice \"A\"", "General", 6000))),
            new NodeEvent.Typing("u-alice", null, "u-bob",
                    CODEC.frame(new ServerMessage.Typing("u-alice", "alice", null, 6000))),
            new NodeEvent.ReadMarkerMoved("u-alice", CODEC.frame(new ServerMessage.ReadMarker("General", null, 41))),
            NodeEvent.MessageEdited.of(CODEC, new ChatMessage(41, "u-alice", "alice", 1, "General", "hi", AUTHORED),
                    new MessageEdit(41, "hi \"all\"\nof you", AUTHORED.plusSeconds(60))));

    protected Broker broker;
    private final RecordedEvents handler = new RecordedEvents();
    protected final List<NodeEvent> received = handler.events;

    protected abstract Broker open();

    protected void dispose() {
    }

    @BeforeEach
    void setUp() {
        broker = open();
        broker.subscribe(handler);
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
            broker.publish(NodeEvent.MessagesDeleted.of(CODEC, List.of(id)));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 200);
        assertThat(received).extracting(d -> ((NodeEvent.MessagesDeleted) d).ids().getFirst())
                .isSorted().doesNotHaveDuplicates().hasSize(200);
    }
}
