package io.onrabble.moderation;

import io.onrabble.broker.Broker;
import io.onrabble.broker.Delivery;
import io.onrabble.journal.MessageJournal;
import io.onrabble.protocol.ServerMessage;
import io.onrabble.store.MessageStore;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Deletes public messages everywhere they live (the database, the recent ring, the queue not yet
 * flushed) and tells connected clients with a {@code message_deleted} frame. Blocking.
 */
public final class MessageDeletion {
    private final MessageStore store;
    private final MessageJournal journal;
    private final Broker broker;

    public MessageDeletion(MessageStore store, MessageJournal journal, Broker broker) {
        this.store = store;
        this.journal = journal;
        this.broker = broker;
    }

    /** Deletes the messages with these ids; returns those that existed (none: nothing happened). */
    public List<Long> delete(Collection<Long> ids) {
        // The journal first, so the flusher cannot write a deleted message back after the database delete.
        var deleted = new TreeSet<>(journal.removePublic(ids));
        deleted.addAll(store.deletePublic(ids));
        var result = List.copyOf(deleted);
        if (!result.isEmpty()) {
            broker.publish(new Delivery.ToAll(new ServerMessage.MessageDeleted(result)));
        }
        return result;
    }
}
