package io.onrabble.broker;

import org.junit.jupiter.api.Tag;

@Tag("fast")
class MemoryBrokerTest extends BrokerContractTest {
    @Override
    protected Broker open() {
        return new MemoryBroker();
    }
}
