package io.onrabble.journal;

import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.Database;
import io.onrabble.store.MessageStore;
import io.onrabble.testing.LogCapture;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;
import io.onrabble.valkey.ValkeyKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The contract on the local Valkey and PostgreSQL, plus what only a shared queue has to get right. */
class ValkeyJournalTest extends MessageJournalContractTest {
    private static final FlushPolicy FAST = new FlushPolicy(20, Duration.ofMillis(100), Duration.ofMillis(500));

    private TestPostgres postgres;
    private TestValkey valkey;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    @Override
    protected Database openDatabase() {
        postgres = TestPostgres.create();
        valkey = TestValkey.shared();
        return postgres.open();
    }

    @Override
    protected MessageJournal openJournal(MessageStore store) {
        return openJournal(store, FAST);
    }

    private MessageJournal openJournal(MessageStore store, FlushPolicy policy) {
        var main = valkey.connect();
        var flusher = valkey.connect();
        connections.add(main);
        connections.add(flusher);
        return ValkeyJournal.start(main, flusher, valkey.prefix(), store, RING, policy, "test-node",
                Duration.ofSeconds(5), new Metrics());
    }

    @Override
    protected void forgetValkeyState() {
        valkey.deleteAll();
    }

    @Override
    protected void dispose() {
        connections.forEach(StatefulRedisConnection::close);
        valkey.close();
        postgres.close();
    }

    private String queue() {
        return valkey.prefix() + "queue";
    }

    private String deadLetters() {
        return valkey.prefix() + "queue:dead";
    }

    @Test
    void aMessageTheDatabaseRefusesIsDeadLetteredAndTheRestAreStoredAndItsTextStaysOutOfTheLog() {
        try (var log = new LogCapture()) {
            var before = IntStream.range(0, 5).mapToObj(i -> journal.appendPublic(draft("before " + i))).toList();
            // PostgreSQL refuses NUL characters in text: a poison entry, well-formed JSON with a fresh id.
            valkey.commands().xadd(queue(), Map.of("kind", "public", "data",
                    "{\"id\":999999,\"owner_id\":\"o\",\"username\":\"u\",\"channel_id\":1,\"channel\":\"General\","
                            + "\"message\":\"private words\\u0000byte\",\"authored_at\":0}"));
            valkey.commands().xadd(queue(), Map.of("kind", "public", "data", "{not json, private words"));
            var after = IntStream.range(0, 5).mapToObj(i -> journal.appendPublic(draft("after " + i))).toList();

            awaitStoredPublic(10);
            await().atMost(Duration.ofSeconds(10)).until(() -> valkey.commands().xlen(deadLetters()) == 2);
            var expected = new ArrayList<>(before);
            expected.addAll(after);
            assertThat(store.recentPublic(100)).containsExactlyElementsOf(expected);
            var dead = valkey.commands().xrange(deadLetters(), io.lettuce.core.Range.create("-", "+"));
            // SQLSTATE 22021: character_not_in_repertoire
            assertThat(dead).extracting(m -> m.getBody().get("error"))
                    .anySatisfy(error -> assertThat(error).contains("22021"))
                    .anySatisfy(error -> assertThat(error).contains("malformed"));
            await().atMost(Duration.ofSeconds(5)).until(() -> valkey.commands().xlen(queue()) == 0);
            assertThat(log.text()).contains("moved to dead-letter stream").doesNotContain("private words");
        }
    }

    @Test
    void entriesTakenByADeadNodeAreClaimedAndStored() {
        var sent = IntStream.range(0, 5).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        journal.close(); // its flusher stops: what it appends from now on stays in the stream
        var taken = IntStream.range(0, 3).mapToObj(i -> journal.appendPublic(draft("x" + i))).toList();
        // A node takes entries from the stream and dies before writing them.
        valkey.commands().xreadgroup(Consumer.from("flushers", "dead-node"), XReadArgs.StreamOffset.lastConsumed(queue()));
        assertThat(valkey.commands().xpending(queue(), "flushers").getCount()).isEqualTo(3);

        journal = openJournal(store);

        awaitStoredPublic(8);
        var expected = new ArrayList<ChatMessage>(sent);
        expected.addAll(taken);
        assertThat(store.recentPublic(100)).containsExactlyElementsOf(expected);
        await().atMost(Duration.ofSeconds(5)).until(() -> valkey.commands().xlen(queue()) == 0);
    }

    @Test
    void aValkeyThatLostItsDataNeverReusesAnIdAndKeepsFlushing() {
        var before = IntStream.range(0, 3).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        awaitStoredPublic(3);

        valkey.deleteAll(); // what a Valkey restart without persistence looks like

        var after = journal.appendPublic(draft("after the loss"));
        assertThat(after.id()).isGreaterThan(before.getLast().id());
        awaitStoredPublic(4);
        assertThat(store.recentPublic(100)).last().isEqualTo(after);
        assertThat(journal.recentPublic()).containsExactlyElementsOf(store.recentPublic(RING));
    }

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheInterval() {
        journal.close();
        journal = openJournal(store, new FlushPolicy(10, Duration.ofHours(1), Duration.ofSeconds(30)));

        // Twice the batch size: whatever the start-up flush may have taken first, a full batch is left waiting.
        IntStream.range(0, 20).forEach(i -> journal.appendPublic(draft("m" + i)));

        awaitStoredPublic(10);
    }

    @Test
    void aRestartedNodeWritesWhatACrashedNodeLeftWithoutWaitingForTheFlushInterval() {
        journal.close(); // a node whose flusher is gone, as after a crash
        var sent = IntStream.range(0, 5).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        // the dead node's flusher had taken two entries and never wrote them; three were never taken
        valkey.commands().xreadgroup(Consumer.from("flushers", "dead-node"), XReadArgs.Builder.count(2),
                XReadArgs.StreamOffset.lastConsumed(queue()));

        journal = openJournal(store, new FlushPolicy(500, Duration.ofHours(1), Duration.ofMillis(500)));

        awaitStoredPublic(5);
        assertThat(store.recentPublic(100)).containsExactlyElementsOf(sent);
    }

    /** The queue's entries, as a flusher reads them. */
    private List<QueueEntry> queued() {
        return valkey.commands().xrange(queue(), io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> new QueueEntry(m.getId(), m.getBody().get("kind"), m.getBody().get("data"))).toList();
    }

    @Test
    void anEditOfAMessageStillQueuedIsWhatTheFlushWrites() {
        journal.close(); // no flusher: what is appended stays queued
        var sent = journal.appendPublic(draft("tpyo"));
        assertThat(journal.editPublic(sent, editOf(sent, "typo"))).isTrue();
        assertThat(queued()).hasSize(1);
        assertThat(store.findPublic(sent.id())).isEmpty();

        journal = openJournal(store); // its first flush writes the queue

        awaitStoredPublic(1);
        assertThat(store.findPublic(sent.id()).orElseThrow().message()).isEqualTo("typo");
        assertThat(journal.recentPublic()).extracting(ChatMessage::message).containsExactly("typo");
    }

    @Test
    void anEditMadeWhileAFlushHeldTheOldTextIsAppliedAgainAfterItsCommit() {
        journal.close();
        var sent = journal.appendPublic(draft("tpyo"));
        var plan = FlushPlan.of(queued(), Set.of(), Map.of()); // the flush reads the entry before the edit...
        assertThat(journal.editPublic(sent, editOf(sent, "typo"))).isTrue(); // ...the edit finds nothing stored...
        var outcome = new BatchWriter(store).write(plan); // ...and the flush commits the old text
        assertThat(store.findPublic(sent.id()).orElseThrow().message()).isEqualTo("tpyo");

        new EditedMessages(valkey.commands(), new ValkeyKeys(valkey.prefix()), store).applyAgainIfEdited(outcome.writtenPublic());

        assertThat(store.findPublic(sent.id()).orElseThrow().message()).isEqualTo("typo");
        journal = openJournal(store);
    }

    @Test
    void aNodeThatCrashedBeforeApplyingAnEditAgainAppliesItAtItsNextStart() {
        journal.close();
        var sent = journal.appendPublic(draft("tpyo"));
        var entries = queued();
        assertThat(journal.editPublic(sent, editOf(sent, "typo"))).isTrue();
        // the crashed node had committed the old text and acknowledged the entry, then died
        new BatchWriter(store).write(FlushPlan.of(entries, Set.of(), Map.of()));
        valkey.commands().xdel(queue(), entries.getFirst().streamId());

        journal = openJournal(store);

        assertThat(store.findPublic(sent.id()).orElseThrow().message()).isEqualTo("typo");
    }

    @Test
    void aDeletionOfAMessageStillQueuedLeavesItsTombstoneAtOnce() {
        journal.close(); // no flusher: what is appended stays queued
        var sent = journal.appendPublic(draft("regret"));
        var at = Timestamps.truncate(Instant.now());

        assertThat(journal.deletePublic(List.of(sent.id()), at)).containsExactly(sent.id());

        assertThat(queued()).isEmpty();
        assertThat(store.deletedSince(sent.id(), at, 10)).containsExactly(sent.id());
        journal = openJournal(store);
    }

    @Test
    void aNodeThatCrashedBetweenTheRemovalAndTheDatabaseLeavesTheTombstoneToItsNextStart() {
        var sent = journal.appendPublic(draft("regret"));
        awaitStoredPublic(1);
        journal.close();
        // the crashed node's removal script recorded the deletion (as the script does, in ms); then it died
        var at = Instant.parse("2030-01-01T12:00:00.123Z");
        valkey.commands().zadd(valkey.prefix() + "deleted:public", at.toEpochMilli(), Long.toString(sent.id()));

        journal = openJournal(store);

        assertThat(store.findPublic(sent.id())).isEmpty();
        assertThat(store.deletedSince(sent.id(), at, 10)).containsExactly(sent.id());
        assertThat(store.deletedSince(sent.id(), at.plusMillis(1), 10)).as("dated when it was deleted").isEmpty();
    }
}
