package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.store.Database;
import io.onrabble.store.EditedMessage;
import io.onrabble.store.JdbcMessageStore;
import io.onrabble.store.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every journal adapter must do, run against the in-process and the Valkey adapter. */
abstract class MessageJournalContractTest {
    protected static final int RING = 5;

    protected Database db;
    protected MessageStore store;
    protected MessageJournal journal;

    protected abstract Database openDatabase() throws Exception;

    protected abstract MessageJournal openJournal(MessageStore store);

    protected void dispose() throws Exception {
    }

    @BeforeEach
    void setUp() throws Exception {
        db = openDatabase();
        store = new JdbcMessageStore(db);
        journal = openJournal(store);
    }

    @AfterEach
    void tearDown() throws Exception {
        journal.close();
        db.close();
        dispose();
    }

    protected static ChatMessage draft(String text) {
        return new ChatMessage(0, "owner", "alice", 1, "General", text, Timestamps.truncate(Instant.now()));
    }

    protected static PrivateMessage dm(String from, String to, String text) {
        return new PrivateMessage(0, from, from + "-name", to, to + "-name", text, Timestamps.truncate(Instant.now()));
    }

    protected void awaitStoredPublic(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> store.recentPublic(100_000).size() >= count);
    }

    @Test
    void appendAssignsIncreasingIdsAndKeepsEverythingElse() {
        var draft = draft("one");
        var first = journal.appendPublic(draft);
        var second = journal.appendPublic(draft("two"));

        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first).isEqualTo(draft.withId(first.id()));
    }

    @Test
    void concurrentSendersNeverShareAnId() throws Exception {
        var ids = Collections.synchronizedList(new ArrayList<Long>());
        try (var senders = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 200).forEach(i -> senders.submit(() -> ids.add(journal.appendPublic(draft("m" + i)).id())));
        }
        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    }

    /** A connection keeps several sends committing at once: each sender's ids still follow its order. */
    @Test
    void sendersThatDoNotWaitForTheirCommitsGetIncreasingIdsInTheOrderTheySubmitted() throws Exception {
        var perSender = Collections.synchronizedList(new ArrayList<List<Long>>());
        try (var senders = Executors.newFixedThreadPool(4)) {
            IntStream.range(0, 4).forEach(s -> senders.submit(() -> {
                var pending = IntStream.range(0, 100).mapToObj(i -> journal.submitPublic(draft(s + "-" + i))).toList();
                perSender.add(pending.stream().map(p -> p.join().id()).toList());
            }));
        }
        assertThat(perSender).hasSize(4).allSatisfy(ids -> assertThat(ids).hasSize(100).isSorted().doesNotHaveDuplicates());
        awaitStoredPublic(400);
        assertThat(store.recentPublic(100_000)).hasSize(400);
    }

    @Test
    void idsContinueAboveWhatTheDatabaseAlreadyHolds() throws Exception {
        journal.close();
        store.insertPublic(List.of(draft("old").withId(1000)));
        store.insertPrivate(List.of(dm("a", "b", "old").withId(500)));
        forgetValkeyState();
        journal = openJournal(store);

        assertThat(journal.appendPublic(draft("new")).id()).isGreaterThan(1000);
        assertThat(journal.appendPrivate(dm("a", "b", "new")).id()).isGreaterThan(500);
    }

    @Test
    void theIdOfADeletedNewestMessageIsNeverHandedOutAgain() {
        journal.appendPublic(draft("kept"));
        var newest = journal.appendPublic(draft("deleted"));
        journal.deletePublic(List.of(newest.id()), Timestamps.truncate(Instant.now()));
        journal.close();
        forgetValkeyState();
        journal = openJournal(store);

        assertThat(journal.appendPublic(draft("new")).id()).isGreaterThan(newest.id());
    }

    /** Lets the adapter lose what it keeps outside the database (Valkey's keys); nothing for the in-process one. */
    protected void forgetValkeyState() {
    }

    @Test
    void recentPublicHoldsTheLastMessagesOldestFirst() {
        var sent = IntStream.range(0, RING + 3).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();

        assertThat(journal.recentPublic()).containsExactlyElementsOf(sent.subList(3, sent.size()));
    }

    @Test
    void privateMessagesReachTheRingsOfBothParticipantsOnly() {
        var ab = journal.appendPrivate(dm("a", "b", "hi b"));
        var bc = journal.appendPrivate(dm("b", "c", "hi c"));
        var self = journal.appendPrivate(dm("a", "a", "note to self"));

        assertThat(journal.recentPrivate("a")).containsExactly(ab, self);
        assertThat(journal.recentPrivate("b")).containsExactly(ab, bc);
        assertThat(journal.recentPrivate("c")).containsExactly(bc);
        assertThat(journal.recentPrivate("nobody")).isEmpty();
    }

    @Test
    void everyAppendedMessageReachesTheDatabaseExactlyOnce() {
        var sent = IntStream.range(0, 50).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        var dms = IntStream.range(0, 10).mapToObj(i -> journal.appendPrivate(dm("a", "b", "d" + i))).toList();

        awaitStoredPublic(sent.size());
        await().atMost(Duration.ofSeconds(20)).until(() -> store.recentPrivate("a", 1000).size() >= dms.size());
        assertThat(store.recentPublic(1000)).containsExactlyElementsOf(sent);
        assertThat(store.recentPrivate("b", 1000)).containsExactlyElementsOf(dms);
    }

    @Test
    void closingWritesEverythingStillQueued() {
        var sent = IntStream.range(0, 30).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();

        journal.close();

        assertThat(store.recentPublic(1000)).containsExactlyElementsOf(sent);
        journal = openJournal(store);
    }

    @Test
    void historySurvivesARestart() {
        var sent = IntStream.range(0, 3).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        var dm = journal.appendPrivate(dm("a", "b", "hi"));

        journal.close();
        journal = openJournal(store);

        assertThat(journal.recentPublic()).containsExactlyElementsOf(sent);
        assertThat(journal.recentPrivate("b")).containsExactly(dm);
    }

    protected static MessageEdit editOf(ChatMessage message, String text) {
        return new MessageEdit(message.id(), text, Timestamps.truncate(Instant.now()));
    }

    @Test
    void anEditReachesTheRingTheDatabaseAndARestart() {
        var kept = journal.appendPublic(draft("kept"));
        var sent = journal.appendPublic(draft("tpyo"));
        var found = journal.findPublic(sent.id()).orElseThrow();
        assertThat(found).isEqualTo(sent);

        assertThat(journal.editPublic(found, editOf(sent, "typo"))).isTrue();

        var edited = new ChatMessage(sent.id(), sent.ownerId(), sent.username(), sent.channelId(), sent.channel(), "typo",
                sent.authoredAt());
        assertThat(journal.recentPublic()).containsExactly(kept, edited);
        assertThat(journal.findPublic(sent.id())).contains(edited);
        journal.awaitFlushed();
        assertThat(store.findPublic(sent.id())).contains(edited);
        journal.close();
        journal = openJournal(store);
        assertThat(journal.recentPublic()).containsExactly(kept, edited);
    }

    @Test
    void anOlderEditNeverReplacesANewerOne() {
        var sent = journal.appendPublic(draft("first"));
        var newer = new MessageEdit(sent.id(), "newer", Timestamps.truncate(Instant.now()));
        var older = new MessageEdit(sent.id(), "older", newer.editedAt().minusSeconds(1));

        assertThat(journal.editPublic(sent, newer)).isTrue();
        assertThat(journal.editPublic(sent, older)).as("an older edit takes no effect").isFalse();

        journal.awaitFlushed();
        assertThat(store.findPublic(sent.id()).orElseThrow().message()).isEqualTo("newer");
        assertThat(journal.recentPublic()).extracting(ChatMessage::message).containsExactly("newer");
    }

    @Test
    void aDeletedMessageIsNotFoundAndTakesNoEdit() {
        var sent = journal.appendPublic(draft("regret"));

        journal.deletePublic(List.of(sent.id()), Timestamps.truncate(Instant.now()));

        assertThat(journal.findPublic(sent.id())).isEmpty();
        assertThat(journal.editPublic(sent, editOf(sent, "still regret"))).isFalse();
        journal.awaitFlushed();
        assertThat(store.findPublic(sent.id())).isEmpty();
        assertThat(journal.recentPublic()).isEmpty();
    }

    @Test
    void aDeletionLeavesATombstoneForClientsThatResumeAndAnEditItsTime() {
        var edited = journal.appendPublic(draft("tpyo"));
        var gone = journal.appendPublic(draft("regret"));
        var at = Timestamps.truncate(Instant.now());
        var edit = editOf(edited, "typo");

        assertThat(journal.editPublic(edited, edit)).isTrue();
        assertThat(journal.deletePublic(List.of(gone.id()), at)).containsExactly(gone.id());

        journal.awaitFlushed();
        assertThat(store.deletedSince(gone.id(), at, 10)).containsExactly(gone.id());
        assertThat(store.editedSince(gone.id(), edit.editedAt(), 10))
                .containsExactly(new EditedMessage(edited.edited(edit), edit.editedAt()));
    }

    @Test
    void aMessageThatLeftTheRingIsStillFoundAndEdited() {
        var first = journal.appendPublic(draft("old one"));
        IntStream.range(0, RING).forEach(i -> journal.appendPublic(draft("m" + i)));

        var found = journal.findPublic(first.id()).orElseThrow();
        assertThat(journal.editPublic(found, editOf(first, "old one, edited"))).isTrue();

        journal.awaitFlushed();
        assertThat(store.findPublic(first.id()).orElseThrow().message()).isEqualTo("old one, edited");
        assertThat(journal.findPublic(999_999)).isEmpty();
    }
}
