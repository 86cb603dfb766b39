package io.onrabble.store;

import io.onrabble.domain.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Channels, in display order ({@code sort_order}, then id). */
public interface ChannelStore {
    List<Channel> list();

    Optional<Channel> find(long id);

    /** Adds a channel after the last one; empty when the name is taken. */
    Optional<Channel> create(String name, String description, String ownerId, Instant now);

    /** Changes the name and/or description (null leaves a field as it is). */
    Outcome update(long id, String name, String description, Instant now);

    /**
     * Moves {@code id} just before {@code beforeId}, or to the end when {@code beforeId} is no channel,
     * and renumbers every channel 1..n. NOT_FOUND when {@code id} is no channel.
     */
    Outcome reorder(long id, long beforeId, Instant now);

    /** Deletes the channel and renumbers the rest; its messages stay (see {@link MessageStore#deleteChannel}). Empty when unknown. */
    Optional<Channel> delete(long id);
}
