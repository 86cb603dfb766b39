package io.onrabble.broker;

/** Cross-node fan-out: a published event reaches the handler of every node exactly once. */
public interface Broker extends AutoCloseable {
    void publish(NodeEvent event);

    /** Sets this node's handler of events. */
    void subscribe(NodeEventHandler handler);

    @Override
    void close();
}
