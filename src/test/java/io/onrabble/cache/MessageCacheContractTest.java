package io.onrabble.cache;

import io.onrabble.protocol.ChatMessage;
import io.onrabble.protocol.PrivateMessage;
import io.onrabble.protocol.Timestamps;
import io.onrabble.store.Database;
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

/** What every cache and queue adapter must do, run against the in-process and the Valkey adapter. */
abstract class MessageCacheContractTest {
    protected static final int RING = 5;

    protected Database db;
    protected MessageStore store;
    protected MessageCache cache;

    protected abstract Database openDatabase() throws Exception;

    protected abstract MessageCache openCache(MessageStore store);

    protected void dispose() throws Exception {
    }

    @BeforeEach
    void setUp() throws Exception {
        db = openDatabase();
        store = new JdbcMessageStore(db);
        cache = openCache(store);
    }

    @AfterEach
    void tearDown() throws Exception {
        cache.close();
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
        var first = cache.appendPublic(draft);
        var second = cache.appendPublic(draft("two"));

        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first).isEqualTo(draft.withId(first.id()));
    }

    @Test
    void concurrentSendersNeverShareAnId() throws Exception {
        var ids = Collections.synchronizedList(new ArrayList<Long>());
        try (var senders = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 200).forEach(i -> senders.submit(() -> ids.add(cache.appendPublic(draft("m" + i)).id())));
        }
        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void idsContinueAboveWhatTheDatabaseAlreadyHolds() throws Exception {
        cache.close();
        store.insertPublic(List.of(draft("old").withId(1000)));
        store.insertPrivate(List.of(dm("a", "b", "old").withId(500)));
        forgetCachedState();
        cache = openCache(store);

        assertThat(cache.appendPublic(draft("new")).id()).isGreaterThan(1000);
        assertThat(cache.appendPrivate(dm("a", "b", "new")).id()).isGreaterThan(500);
    }

    /** Lets the adapter lose what it keeps outside the database (Valkey's keys); nothing for the in-process one. */
    protected void forgetCachedState() {
    }

    @Test
    void recentPublicHoldsTheLastMessagesOldestFirst() {
        var sent = IntStream.range(0, RING + 3).mapToObj(i -> cache.appendPublic(draft("m" + i))).toList();

        assertThat(cache.recentPublic()).containsExactlyElementsOf(sent.subList(3, sent.size()));
    }

    @Test
    void privateMessagesReachTheRingsOfBothParticipantsOnly() {
        var ab = cache.appendPrivate(dm("a", "b", "hi b"));
        var bc = cache.appendPrivate(dm("b", "c", "hi c"));
        var self = cache.appendPrivate(dm("a", "a", "note to self"));

        assertThat(cache.recentPrivate("a")).containsExactly(ab, self);
        assertThat(cache.recentPrivate("b")).containsExactly(ab, bc);
        assertThat(cache.recentPrivate("c")).containsExactly(bc);
        assertThat(cache.recentPrivate("nobody")).isEmpty();
    }

    @Test
    void everyAppendedMessageReachesTheDatabaseExactlyOnce() {
        var sent = IntStream.range(0, 50).mapToObj(i -> cache.appendPublic(draft("m" + i))).toList();
        var dms = IntStream.range(0, 10).mapToObj(i -> cache.appendPrivate(dm("a", "b", "d" + i))).toList();

        awaitStoredPublic(sent.size());
        await().atMost(Duration.ofSeconds(20)).until(() -> store.recentPrivate("a", 1000).size() >= dms.size());
        assertThat(store.recentPublic(1000)).containsExactlyElementsOf(sent);
        assertThat(store.recentPrivate("b", 1000)).containsExactlyElementsOf(dms);
    }

    @Test
    void closingWritesEverythingStillQueued() {
        var sent = IntStream.range(0, 30).mapToObj(i -> cache.appendPublic(draft("m" + i))).toList();

        cache.close();

        assertThat(store.recentPublic(1000)).containsExactlyElementsOf(sent);
        cache = openCache(store);
    }

    @Test
    void historySurvivesARestart() {
        var sent = IntStream.range(0, 3).mapToObj(i -> cache.appendPublic(draft("m" + i))).toList();
        var dm = cache.appendPrivate(dm("a", "b", "hi"));

        cache.close();
        cache = openCache(store);

        assertThat(cache.recentPublic()).containsExactlyElementsOf(sent);
        assertThat(cache.recentPrivate("b")).containsExactly(dm);
    }
}
