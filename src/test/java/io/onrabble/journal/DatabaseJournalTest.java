package io.onrabble.journal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.ChatMessage;
import io.onrabble.metrics.Metrics;
import io.onrabble.store.Database;
import io.onrabble.store.JdbcMessageStore;
import io.onrabble.store.MessageStore;
import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The contract for durability 'database' on the local Valkey and PostgreSQL, plus what committing first promises. */
class DatabaseJournalTest extends MessageJournalContractTest {
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
        var main = valkey.connect();
        var flusher = valkey.connect();
        connections.add(main);
        connections.add(flusher);
        return DatabaseJournal.start(main, flusher, valkey.prefix(), store, RING, FAST, "test-node",
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

    private long ringLength() {
        return valkey.commands().llen(valkey.prefix() + "recent:public");
    }

    @Test
    void anAppendThatReturnedIsInTheDatabaseAlready() {
        var sent = journal.appendPublic(draft("committed"));
        var dm = journal.appendPrivate(dm("a", "b", "committed too"));

        assertThat(store.recentPublic(10)).containsExactly(sent);
        assertThat(store.recentPrivate("b", 10)).containsExactly(dm);
    }

    @Test
    void aValkeyThatLostItsDataLosesNoMessageNeverReusesAnIdAndGetsItsRingBack() {
        var before = IntStream.range(0, 3).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();
        var dmBefore = journal.appendPrivate(dm("a", "b", "before"));

        valkey.deleteAll(); // what a Valkey restart without persistence looks like

        var after = journal.appendPublic(draft("after the loss"));
        var dmAfter = journal.appendPrivate(dm("a", "b", "after"));
        assertThat(after.id()).isGreaterThan(before.getLast().id());
        assertThat(dmAfter.id()).isGreaterThan(dmBefore.id());
        var all = new ArrayList<>(before);
        all.add(after);
        assertThat(store.recentPublic(100)).containsExactlyElementsOf(all);
        // The ring was rebuilt from the database before the new message went in, not merely topped up on reads.
        assertThat(ringLength()).isEqualTo(4);
        assertThat(journal.recentPublic()).containsExactlyElementsOf(all);
        assertThat(journal.recentPrivate("b")).containsExactly(dmBefore, dmAfter);
    }

    @Test
    void aDeletedMessageStaysOutOfARebuiltRing() {
        var sent = IntStream.range(0, 3).mapToObj(i -> journal.appendPublic(draft("m" + i))).toList();

        assertThat(journal.deletePublic(List.of(sent.get(1).id()), Instant.now())).containsExactly(sent.get(1).id());
        valkey.commands().del(valkey.prefix() + "recent:ready"); // the rings count as lost: the next push rebuilds
        var after = journal.appendPublic(draft("after"));

        assertThat(journal.recentPublic()).containsExactly(sent.get(0), sent.get(2), after);
        assertThat(store.recentPublic(100)).containsExactly(sent.get(0), sent.get(2), after);
    }

    @Test
    void aMessageTheDatabaseRefusesIsRefusedAloneAndTheOthersAreStored() throws Exception {
        var results = new ArrayList<java.util.concurrent.Future<ChatMessage>>();
        try (var senders = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 20; i++) {
                // PostgreSQL refuses NUL characters in text; sent among others so that it may share their batch.
                var text = i == 10 ? "bad\u0000byte" : "m" + i;
                results.add(senders.submit(() -> journal.appendPublic(draft(text))));
            }
        }
        var stored = new ArrayList<ChatMessage>();
        for (int i = 0; i < results.size(); i++) {
            if (i == 10) {
                var refused = results.get(i);
                assertThatThrownBy(refused::get).hasCauseInstanceOf(JournalUnavailableException.class);
            } else {
                stored.add(results.get(i).get());
            }
        }
        assertThat(store.recentPublic(100)).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void whileTheDatabaseIsDownAppendsFailAtOnceAndWorkAgainSoonAfterItReturns() throws Exception {
        journal.close();
        try (var proxy = new TcpProxy("127.0.0.1", 5432);
             var proxied = Database.postgresql("jdbc:postgresql://" + proxy.hostPort() + "/" + postgres.name(),
                     "postgres", null, 4)) {
            journal = openJournal(new JdbcMessageStore(proxied));
            var before = journal.appendPublic(draft("before"));

            proxy.cut();
            assertThatThrownBy(() -> journal.appendPublic(draft("lost in the cut")))
                    .isInstanceOf(JournalUnavailableException.class);
            var started = System.nanoTime();
            assertThatThrownBy(() -> journal.appendPublic(draft("refused at once")))
                    .isInstanceOf(JournalUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

            proxy.restore();
            var restored = System.nanoTime();
            var after = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> journal.appendPublic(draft("after")), m -> true);
            assertThat(Duration.ofNanos(System.nanoTime() - restored)).isLessThan(Duration.ofSeconds(3));
            assertThat(store.recentPublic(100)).containsExactly(before, after);
        }
    }
}
