package io.onrabble.cache;

import io.onrabble.store.Database;
import io.onrabble.store.MessageStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class MemoryMessageCacheTest extends MessageCacheContractTest {
    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase() {
        return Database.sqlite(dataDir);
    }

    @Override
    protected MessageCache openCache(MessageStore store) {
        return new MemoryMessageCache(store, RING);
    }
}
