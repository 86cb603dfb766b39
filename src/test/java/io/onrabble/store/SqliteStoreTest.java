package io.onrabble.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

@Tag("fast")
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dataDir;

    @Override
    protected Database open() {
        return Database.sqlite(dataDir);
    }

    @Override
    protected void dispose() {
        // the temporary directory goes with the test
    }
}
