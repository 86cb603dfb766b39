package io.onrabble.broker;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.onrabble.valkey.ValkeyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The several-node adapter: every event is PUBLISHed on one Valkey channel that every node
 * subscribes to, the publisher included. A node therefore handles its own events the way it
 * handles everyone else's, exactly once, through its subscription, and never delivers locally
 * on publish. Pub/sub is fire-and-forget: a node that is disconnected from Valkey misses what is
 * published meanwhile (messages stay durable in the queue and the history; only the live frame is lost).
 */
public final class ValkeyBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(ValkeyBroker.class);

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String channel;
    private volatile NodeEventHandler handler;

    /**
     * @param publisher a normal connection (shared; Lettuce pipelines concurrent calls)
     * @param subscriber a connection of its own: a subscribed connection can do nothing else; Lettuce
     *                   subscribes it again after a reconnect
     */
    public ValkeyBroker(StatefulRedisConnection<String, String> publisher,
                        StatefulRedisPubSubConnection<String, String> subscriber, String keyPrefix) {
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.channel = new ValkeyKeys(keyPrefix).broker();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    receive(message);
                }
            }
        });
        subscriber.sync().subscribe(channel);
    }

    @Override
    public void publish(NodeEvent event) {
        var message = DeliveryCodec.encode(event);
        try {
            publisher.sync().publish(channel, message);
        } catch (RedisException e) {
            throw new BrokerUnavailableException("could not publish to Valkey: " + e.getMessage(), e);
        }
    }

    /** Runs on Lettuce's I/O thread, one message after another, so every node sees events in publish order. */
    private void receive(String message) {
        var current = handler;
        if (current == null) {
            return;
        }
        NodeEvent event;
        try {
            event = DeliveryCodec.decode(message);
        } catch (IllegalArgumentException e) {
            log.warn("dropped a broker message that is not a node event: {}", e.getMessage());
            return;
        }
        try {
            current.handle(event);
        } catch (RuntimeException e) {
            log.error("handling {} on this node failed", event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void subscribe(NodeEventHandler handler) {
        this.handler = handler;
    }

    /** Stops receiving; the publishing connection belongs to whoever shares it. */
    @Override
    public void close() {
        subscriber.close();
    }
}
