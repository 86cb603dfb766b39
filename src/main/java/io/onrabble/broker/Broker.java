package io.onrabble.broker;

import java.util.function.Consumer;

/** Cross-node fan-out: a published delivery reaches the subscriber of every node exactly once. */
public interface Broker extends AutoCloseable {
    void publish(Delivery delivery);

    /** Sets this node's handler, which delivers to local connections. */
    void subscribe(Consumer<Delivery> localFanOut);

    @Override
    void close();
}
