package io.onrabble.broker;

/** The single-node adapter: publishing is handling locally. */
public final class MemoryBroker implements Broker {
    private volatile NodeEventHandler handler;

    @Override
    public void publish(NodeEvent event) {
        var current = handler;
        if (current != null) {
            current.handle(event);
        }
    }

    @Override
    public void subscribe(NodeEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public void close() {
    }
}
