package io.onrabble.broker;

import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The contract on the local Valkey, plus what only several nodes have: each node, the publisher included, gets each delivery once. */
class ValkeyBrokerTest extends BrokerContractTest {
    private final TestValkey valkey = TestValkey.shared();
    private final List<Broker> others = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    @Override
    protected Broker open() {
        return node(valkey.prefix());
    }

    private Broker node(String prefix) {
        var publisher = valkey.connect();
        connections.add(publisher);
        return new ValkeyBroker(publisher, valkey.client().connectPubSub(), prefix);
    }

    @Override
    protected void dispose() {
        others.forEach(Broker::close);
        connections.forEach(StatefulRedisConnection::close);
        valkey.close();
    }

    @Test
    void aDeliveryPublishedOnOneNodeReachesEveryNodeOnce() throws InterruptedException {
        var second = node(valkey.prefix());
        others.add(second);
        var atSecondNode = new RecordedEvents();
        var atSecond = atSecondNode.events;
        second.subscribe(atSecondNode);

        EVERY_KIND.forEach(second::publish);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= EVERY_KIND.size()
                && atSecond.size() >= EVERY_KIND.size());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> received.size() == EVERY_KIND.size() && atSecond.size() == EVERY_KIND.size());
        assertThat(received).containsExactlyElementsOf(EVERY_KIND);
        assertThat(atSecond).containsExactlyElementsOf(EVERY_KIND);
    }

    @Test
    void anotherPrefixIsAnotherDeployment() throws InterruptedException {
        var elsewhere = node(valkey.prefix() + "other:");
        others.add(elsewhere);
        var atElsewhereNode = new RecordedEvents();
        var atElsewhere = atElsewhereNode.events;
        elsewhere.subscribe(atElsewhereNode);

        broker.publish(EVERY_KIND.getFirst());

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(atElsewhere::isEmpty);
    }

    @Test
    void aFrameNoFeaturePublishesIsRefusedRatherThanSentHalfEncoded() {
        assertThatThrownBy(() -> broker.publish(new NodeEvent.Chat(1, "General", CODEC.frame(new ServerMessage.Ack("n", 1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
