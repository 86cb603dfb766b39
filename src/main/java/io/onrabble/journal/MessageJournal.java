package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Message ids, the recent-message rings and the durable queue. An append assigns the id and makes
 * the message durable in one step: when it returns, the message survives a crash and may be acked.
 */
public interface MessageJournal extends AutoCloseable {
    /** Stores a public message; throws {@link JournalUnavailableException} when it could not be made durable. */
    ChatMessage appendPublic(ChatMessage draft);

    /** Stores a private message; throws {@link JournalUnavailableException} when it could not be made durable. */
    PrivateMessage appendPrivate(PrivateMessage draft);

    /**
     * Starts storing a public message; the future completes as {@link #appendPublic} returns, or
     * fails with {@link JournalUnavailableException} (which may also be thrown at once). Drafts
     * submitted one after another get increasing ids. An adapter that commits in the background
     * lets a sender have several messages committing at once; this default waits here.
     */
    default CompletableFuture<ChatMessage> submitPublic(ChatMessage draft) {
        return CompletableFuture.completedFuture(appendPublic(draft));
    }

    /** As {@link #submitPublic}, for a private message. */
    default CompletableFuture<PrivateMessage> submitPrivate(PrivateMessage draft) {
        return CompletableFuture.completedFuture(appendPrivate(draft));
    }

    /** The recent public messages of every channel, oldest first. */
    List<ChatMessage> recentPublic();

    /** The recent messages {@code userId} sent or received, oldest first. */
    List<PrivateMessage> recentPrivate(String userId);

    /**
     * Deletes these public messages everywhere they live (an admin or their author deleted them): the
     * recent ring, the queue of messages not yet written and the database, so that no flush running
     * meanwhile, crash or restart brings one back; and keeps a tombstone of each, dated
     * {@code deletedAt}, for clients that resume. Returns the ids that existed in any of them.
     */
    List<Long> deletePublic(Collection<Long> ids, Instant deletedAt);

    /**
     * The public message with this id wherever it lives (the recent ring, the queue of messages not
     * yet written, the database); empty when there is none (never sent, or deleted).
     */
    Optional<ChatMessage> findPublic(long id);

    /**
     * Gives {@code message} (as {@link #findPublic} found it) the edit's text everywhere it lives: the
     * recent ring, the queue (a flush running meanwhile, or later, writes the edited text) and the
     * database, so that history, search and restarts show the edited text. False when the message was
     * deleted meanwhile (or a newer edit of it was made meanwhile): nothing changed.
     */
    boolean editPublic(ChatMessage message, MessageEdit edit);

    /** Removes every public message of the channel from the recent ring and the queue (a purged channel). */
    void removeChannel(long channelId);

    /**
     * Blocks (briefly, bounded) until every message acknowledged so far is in the database, so that
     * a search sees all that clients saw acknowledged.
     */
    void awaitFlushed();

    @Override
    void close();
}
