package io.onrabble.chat;

import io.onrabble.cache.MessageCache;
import io.onrabble.protocol.ChatMessage;
import io.onrabble.store.MessageQuery;
import io.onrabble.store.MessageStore;
import io.onrabble.store.Page;

/**
 * Searches public messages. The cache first writes what it holds (nothing to do in embedded mode,
 * which commits before acknowledging; a prompt flush with Valkey), so every message a client saw
 * acknowledged can be found. Blocking.
 */
public final class MessageSearch {
    private final MessageStore store;
    private final MessageCache cache;

    public MessageSearch(MessageStore store, MessageCache cache) {
        this.store = store;
        this.cache = cache;
    }

    public Page<ChatMessage> search(MessageQuery query) {
        cache.awaitFlushed();
        return store.search(query);
    }
}
