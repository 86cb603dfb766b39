package io.onrabble.broker;

import java.util.function.Consumer;

/** The single-node adapter: publishing is delivering locally. */
public final class MemoryBroker implements Broker {
    private volatile Consumer<Delivery> localFanOut = delivery -> {
    };

    @Override
    public void publish(Delivery delivery) {
        localFanOut.accept(delivery);
    }

    @Override
    public void subscribe(Consumer<Delivery> localFanOut) {
        this.localFanOut = localFanOut;
    }

    @Override
    public void close() {
    }
}
