package io.onrabble.broker;

import org.junit.jupiter.api.Tag;

@Tag("fast")
class MemoryPresenceTest extends PresenceContractTest {
    @Override
    protected Presence open() {
        return new MemoryPresence();
    }
}
