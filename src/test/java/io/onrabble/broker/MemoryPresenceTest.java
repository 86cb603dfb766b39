package io.onrabble.broker;

class MemoryPresenceTest extends PresenceContractTest {
    @Override
    protected Presence open() {
        return new MemoryPresence();
    }
}
