package io.onrabble.journal;

import io.onrabble.store.Database;
import io.onrabble.store.MessageStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

@Tag("fast")
class EmbeddedJournalTest extends MessageJournalContractTest {
    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase() {
        return Database.sqlite(dataDir);
    }

    @Override
    protected MessageJournal openJournal(MessageStore store) {
        return EmbeddedJournal.open(store, RING);
    }
}
