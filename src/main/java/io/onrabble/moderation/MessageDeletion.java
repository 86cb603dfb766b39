package io.onrabble.moderation;

import io.onrabble.broker.Broker;
import io.onrabble.broker.NodeEvent;
import io.onrabble.domain.Timestamps;
import io.onrabble.journal.MessageJournal;
import io.onrabble.protocol.Codec;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Deletes public messages (the journal keeps them deleted everywhere they live: database, recent
 * ring, queue not yet flushed; a tombstone dated now tells clients that resume later) and tells
 * connected clients with a {@code message_deleted} frame. Blocking.
 */
public final class MessageDeletion {
    private final MessageJournal journal;
    private final Broker broker;
    private final Codec codec;
    private final Clock clock;

    public MessageDeletion(MessageJournal journal, Broker broker, Codec codec, Clock clock) {
        this.journal = journal;
        this.broker = broker;
        this.codec = codec;
        this.clock = clock;
    }

    /** Deletes the messages with these ids; returns those that existed (none: nothing happened). */
    public List<Long> delete(Collection<Long> ids) {
        var deleted = journal.deletePublic(ids, Timestamps.truncate(clock.instant()));
        if (!deleted.isEmpty()) {
            broker.publish(NodeEvent.MessagesDeleted.of(codec, deleted));
        }
        return deleted;
    }
}
