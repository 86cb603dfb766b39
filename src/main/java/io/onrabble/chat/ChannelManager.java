package io.onrabble.chat;

import io.onrabble.broker.Broker;
import io.onrabble.broker.NodeEvent;
import io.onrabble.domain.Channel;
import io.onrabble.journal.MessageJournal;
import io.onrabble.store.ChannelStore;
import io.onrabble.store.MessageStore;
import io.onrabble.store.Outcome;

import java.time.Clock;
import java.util.List;

/**
 * Creates, edits, reorders and deletes channels, and tells every connected client about each
 * change with a fresh {@code active_channels}. Blocking: call it off the event loop.
 */
public final class ChannelManager {
    /** Existing clients post every public message to this channel, so it can be neither renamed nor deleted. */
    public static final String GENERAL = "General";
    /** The reference database's limit, kept so data moves between the two. */
    public static final int MAX_NAME_CHARS = 24;
    public static final int MAX_DESCRIPTION_CHARS = 1024;

    /** What a change did. */
    public sealed interface Result {
        record Done(Channel channel) implements Result {
        }

        record NotFound() implements Result {
        }

        record NameTaken() implements Result {
        }

        /** The change would rename or delete {@link #GENERAL}. */
        record Protected() implements Result {
        }
    }

    private final ChannelStore store;
    private final MessageStore messages;
    private final ChannelDirectory directory;
    private final MessageJournal journal;
    private final Broker broker;
    private final Clock clock;

    public ChannelManager(ChannelStore store, MessageStore messages, ChannelDirectory directory, MessageJournal journal,
                          Broker broker, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.directory = directory;
        this.journal = journal;
        this.broker = broker;
        this.clock = clock;
    }

    public List<Channel> list() {
        return store.list();
    }

    public Result create(String name, String description, String ownerId) {
        var created = store.create(name, description, ownerId, clock.instant());
        if (created.isEmpty()) {
            return new Result.NameTaken();
        }
        announce();
        return new Result.Done(created.get());
    }

    /** Renames and/or describes channel {@code id}; null leaves a field unchanged. */
    public Result update(long id, String name, String description) {
        var channel = store.find(id);
        if (channel.isEmpty()) {
            return new Result.NotFound();
        }
        if (name != null && !name.equals(channel.get().name()) && GENERAL.equals(channel.get().name())) {
            return new Result.Protected();
        }
        return switch (store.update(id, name, description, clock.instant())) {
            case NOT_FOUND -> new Result.NotFound();
            case CONFLICT -> new Result.NameTaken();
            case DONE -> changed(id);
        };
    }

    /** Moves channel {@code id} before {@code beforeId}, or to the end when {@code beforeId} is no channel. */
    public Result reorder(long id, long beforeId) {
        return store.reorder(id, beforeId, clock.instant()) == Outcome.NOT_FOUND ? new Result.NotFound() : changed(id);
    }

    /** Deletes channel {@code id}; {@code purge} also deletes its messages from the database, the ring and the queue. */
    public Result delete(long id, boolean purge) {
        var channel = store.find(id);
        if (channel.isEmpty()) {
            return new Result.NotFound();
        }
        if (GENERAL.equals(channel.get().name())) {
            return new Result.Protected();
        }
        var deleted = store.delete(id);
        if (deleted.isEmpty()) {
            return new Result.NotFound();
        }
        // Purge only once the channel is gone from this node's list, so no message can be accepted
        // into it meanwhile; the journal first, so a purged message is neither replayed nor flushed back.
        announce();
        if (purge) {
            journal.removeChannel(id);
            messages.deleteChannel(id);
        }
        return new Result.Done(deleted.get());
    }

    private Result changed(long id) {
        announce();
        return store.find(id).<Result>map(Result.Done::new).orElseGet(Result.NotFound::new);
    }

    /** Every node adopts the new list and sends it to its connections. */
    private void announce() {
        broker.publish(new NodeEvent.ChannelsChanged(directory.refresh()));
    }
}
