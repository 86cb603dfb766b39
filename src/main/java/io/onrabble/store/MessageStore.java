package io.onrabble.store;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Durable public and private messages. Inserts are idempotent on the message id. */
public interface MessageStore {
    /**
     * How long the tombstone of a deleted public message is kept (see {@link #deletePublic}): a resume
     * whose messages may have changed longer ago than this cannot be told of every deletion, so it resyncs.
     */
    Duration DELETIONS_KEPT = Duration.ofDays(30);

    void insertPublic(List<ChatMessage> batch);

    void insertPrivate(List<PrivateMessage> batch);

    /**
     * Gives each draft the next id of the database's own sequence and inserts them all, in one
     * transaction; returns them with their ids, in the same order. An id taken is never taken
     * again, even when the transaction fails. PostgreSQL only.
     */
    List<ChatMessage> insertNewPublic(List<ChatMessage> drafts);

    /** As {@link #insertNewPublic} for private messages. */
    List<PrivateMessage> insertNewPrivate(List<PrivateMessage> drafts);

    /**
     * Raises the id sequences above the highest stored ids (stored under another durability mode,
     * whose ids came from Valkey); never lowers them. PostgreSQL only.
     */
    void raiseIdSequences();

    /** The newest {@code limit} public messages, oldest first. */
    List<ChatMessage> recentPublic(int limit);

    /** The newest {@code limit} messages sent or received by {@code userId}, oldest first. */
    List<PrivateMessage> recentPrivate(String userId, int limit);

    /** Up to {@code limit} public messages with ids above {@code afterId}, oldest first (a resuming client's gap). */
    List<ChatMessage> publicAfter(long afterId, int limit);

    /** Up to {@code limit} messages {@code userId} sent or received with ids above {@code afterId}, oldest first. */
    List<PrivateMessage> privateAfter(String userId, long afterId, int limit);

    /** The newest {@code limit} public messages of a channel with ids below {@code beforeId}, oldest first. */
    List<ChatMessage> channelBefore(long channelId, long beforeId, int limit);

    /**
     * The newest {@code limit} messages between {@code userId} and {@code otherId} (either way; both
     * the same user: notes to oneself) with ids below {@code beforeId}, oldest first.
     */
    List<PrivateMessage> conversationBefore(String userId, String otherId, long beforeId, int limit);

    /** Public messages matching {@code query}, newest first. */
    Page<ChatMessage> search(MessageQuery query);

    /**
     * Deletes the public messages with these ids and, in the same transaction, keeps a tombstone dated
     * {@code deletedAt} of each that existed and of each of {@code alsoDeleted} (ids the caller removed
     * where the database does not see them: a queue of messages not yet written); an id that has a
     * tombstone keeps it. Tombstones older than {@link #DELETIONS_KEPT} before {@code deletedAt} are
     * dropped, but for the highest. Returns the ids that existed.
     */
    List<Long> deletePublic(Collection<Long> ids, Collection<Long> alsoDeleted, Instant deletedAt);

    /** When the newest stored public message with an id at or below {@code atOrBelow} was written; empty when there is none. */
    Optional<Instant> newestAuthoredAt(long atOrBelow);

    /** Up to {@code limit} stored public messages with ids at or below {@code atOrBelow}, last edited at or after {@code since}, by id. */
    List<EditedMessage> editedSince(long atOrBelow, Instant since, int limit);

    /** Up to {@code limit} ids at or below {@code atOrBelow} whose tombstone is dated at or after {@code since}, ascending. */
    List<Long> deletedSince(long atOrBelow, Instant since, int limit);

    /** The stored public message with this id, if there is one. */
    Optional<ChatMessage> findPublic(long id);

    /**
     * Applies the edits to the stored public messages they name, in one transaction; an edit older
     * than the one a message already has, and one of a message not stored (yet), changes nothing
     * (applying the same edit again rewrites the same text). Returns how many messages took their edit.
     */
    int editPublic(Collection<MessageEdit> edits);

    /** Deletes every stored message of a channel (a purge); returns how many. */
    int deleteChannel(long channelId);

    /** The highest public id stored, or deleted within {@link #DELETIONS_KEPT} (the highest deleted one is kept longer). */
    long maxPublicId();

    long maxPrivateId();
}
