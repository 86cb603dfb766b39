package io.onrabble.moderation;

import io.onrabble.broker.Broker;
import io.onrabble.broker.Delivery;
import io.onrabble.journal.MessageJournal;
import io.onrabble.protocol.ServerMessage;

import java.util.Collection;
import java.util.List;

/**
 * Deletes public messages (the journal keeps them deleted everywhere they live: database, recent
 * ring, queue not yet flushed) and tells connected clients with a {@code message_deleted} frame. Blocking.
 */
public final class MessageDeletion {
    private final MessageJournal journal;
    private final Broker broker;

    public MessageDeletion(MessageJournal journal, Broker broker) {
        this.journal = journal;
        this.broker = broker;
    }

    /** Deletes the messages with these ids; returns those that existed (none: nothing happened). */
    public List<Long> delete(Collection<Long> ids) {
        var deleted = journal.deletePublic(ids);
        if (!deleted.isEmpty()) {
            broker.publish(new Delivery.ToAll(new ServerMessage.MessageDeleted(deleted)));
        }
        return deleted;
    }
}
