package io.onrabble.chat;

import io.onrabble.domain.ChatMessage;
import io.onrabble.journal.MessageJournal;
import io.onrabble.store.MessageQuery;
import io.onrabble.store.MessageStore;
import io.onrabble.store.Page;

/**
 * Searches public messages. The journal first writes what it holds (nothing to do in embedded mode,
 * which commits before acknowledging; a prompt flush with Valkey), so every message a client saw
 * acknowledged can be found. Blocking.
 */
public final class MessageSearch {
    private final MessageStore store;
    private final MessageJournal journal;

    public MessageSearch(MessageStore store, MessageJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    public Page<ChatMessage> search(MessageQuery query) {
        journal.awaitFlushed();
        return store.search(query);
    }
}
