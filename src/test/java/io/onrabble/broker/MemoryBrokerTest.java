package io.onrabble.broker;

class MemoryBrokerTest extends BrokerContractTest {
    @Override
    protected Broker open() {
        return new MemoryBroker();
    }
}
