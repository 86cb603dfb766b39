package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.onrabble.chat.HistorySetup.delete;
import static io.onrabble.chat.HistorySetup.deleteAsAdmin;
import static io.onrabble.chat.HistorySetup.dm;
import static io.onrabble.chat.HistorySetup.edit;
import static io.onrabble.chat.HistorySetup.ids;
import static io.onrabble.chat.HistorySetup.numbers;
import static io.onrabble.chat.HistorySetup.resume;
import static io.onrabble.chat.HistorySetup.say;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume after reconnect end to end over real sockets, in each {@link HistorySetup}: a client that
 * reconnects with the last ids it holds gets exactly what it missed, once, in order, also across a
 * restart; past the replay bound it is told to resync and gets the full history; and a client that
 * asks for nothing new sees the frames it always saw.
 */
@ParameterizedClass
@EnumSource(HistorySetup.class)
class ResumeTest {
    /** Put among the seen ids for a {@code resync_needed} answer; no message has it. */
    private static final long RESYNCED = -1;

    @Parameter
    HistorySetup setup;

    private TestServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    private TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Test
    void aReconnectGetsExactlyThePublicAndPrivateMessagesItMissedInsteadOfTheHistory() throws Exception {
        server = setup.start();
        HistorySetup.createChannel(server, "random");
        var alice = track(server.connect("alice"));
        var heard = say(alice, "General", "heard");
        var heardDm = dm(alice, userId("bob"), "heard-dm");
        var bob = track(server.connect("bob"));
        bob.close(); // dropped, holding 'heard' and 'heard-dm'

        var missed = List.of(say(alice, "General", "m1"), say(alice, "random", "m2"), say(alice, "General", "m3"));
        var missedDms = List.of(dm(alice, userId("bob"), "d1"), dm(alice, userId("bob"), "d2"));
        dm(alice, userId("carol"), "not-for-bob");

        var back = track(resume(server, "bob", heard, heardDm));
        var resumed = back.next("resumed").path("payload");
        assertThat(ids(resumed.path("messages"))).containsExactlyElementsOf(missed);
        assertThat(resumed.path("messages").get(1).path("channel").asText()).isEqualTo("random");
        assertThat(ids(resumed.path("private_messages"))).containsExactlyElementsOf(missedDms);
        assertThat(resumed.path("private_messages").get(0).path("recipient").asText()).isEqualTo("bob");
        back.next("active_channels");
        back.next("connected_users");

        var live = say(alice, "General", "live");
        assertThat(back.next("chat_message").path("payload").path("cacheID").asLong()).isEqualTo(live);
        assertThat(back.quietFor(300)).isTrue();
    }

    @Test
    void aResumeCombinesWithPresenceBatchesAndChannelSubscriptions() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var heard = say(alice, "General", "heard");
        var missed = say(alice, "General", "missed");

        var bob = track(TestClient.connect(URI.create(server.wsUri(server.token("bob"))
                + "&presence=batch&channels=open&since_public=" + heard)));
        assertThat(ids(bob.next("resumed").path("payload").path("messages"))).containsExactly(missed);
        bob.next("active_channels");
        assertThat(bob.next("presence").path("payload").path("kind").asText()).isEqualTo("snapshot");
    }

    @Test
    void aClientThatMissedNothingGetsAnEmptyResume() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var last = say(alice, "General", "last");

        var bob = track(resume(server, "bob", last, 0));
        var resumed = bob.next("resumed").path("payload");
        assertThat(resumed.path("messages")).isEmpty();
        assertThat(resumed.path("private_messages")).isEmpty();
        bob.next("active_channels");
        bob.next("connected_users");
    }

    @Test
    void aServerRestartInBetweenLosesNothingForAResumingClient() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var heard = say(alice, "General", "before");
        var missed = List.of(say(alice, "General", "r1"), say(alice, "General", "r2"));
        var missedDm = dm(alice, userId("bob"), "rd1");
        alice.close();

        server.stop();
        server.restart();

        var bob = track(resume(server, "bob", heard, 0));
        var resumed = bob.next("resumed").path("payload");
        assertThat(ids(resumed.path("messages"))).containsExactlyElementsOf(missed);
        assertThat(ids(resumed.path("private_messages"))).containsExactly(missedDm);
    }

    /**
     * A client holding messages drops; meanwhile one is edited, one deleted by its author and one by an
     * admin: its resume says so (the edit as its text now, whether or not it asked for edits), next to
     * the message it missed, and repeats nothing else.
     */
    @Test
    void editsAndDeletionsWhileAwayReachTheResumingClientAndNothingElseIsRepeated() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var typo = say(alice, "General", "tpyo");
        var regret = say(alice, "General", "regret");
        var spam = say(alice, "General", "spam");
        var kept = say(alice, "General", "kept");
        var bob = track(server.connect("bob")); // its history holds all four
        bob.close();

        edit(alice, typo, "typo");
        delete(alice, regret);
        deleteAsAdmin(server, spam);
        var missed = say(alice, "General", "missed");

        var back = track(resume(server, "bob", kept, 0));
        var resumed = back.next("resumed").path("payload");
        assertThat(ids(resumed.path("messages"))).containsExactly(missed);
        assertThat(resumed.path("edited")).singleElement().satisfies(edited -> {
            assertThat(edited.path("id").asLong()).isEqualTo(typo);
            assertThat(edited.path("channel").asText()).isEqualTo("General");
            assertThat(edited.path("message").asText()).isEqualTo("typo");
            assertThat(edited.path("edited_at").asText()).isNotEmpty();
        });
        assertThat(numbers(resumed.path("deleted"))).containsExactly(regret, spam);
        back.next("active_channels");
        back.next("connected_users");
        assertThat(back.quietFor(300)).as("no edit or deletion comes again live").isTrue();

        // A client that held none of them gets them as they are now, and no changes.
        var early = track(resume(server, "carol", 0, 0));
        var fresh = early.next("resumed").path("payload");
        assertThat(ids(fresh.path("messages"))).containsExactly(typo, kept, missed);
        assertThat(fresh.path("messages").get(0).path("message").asText()).isEqualTo("typo");
        assertThat(fresh.has("edited")).isFalse();
        assertThat(fresh.has("deleted")).isFalse();
    }

    /** Changes made before a restart reach a client that resumes after it, even from a message since deleted. */
    @Test
    void editsAndDeletionsBeforeARestartReachAClientThatResumesAfterIt() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var first = say(alice, "General", "frist");
        var last = say(alice, "General", "last");
        var bob = track(server.connect("bob"));
        bob.close();
        edit(alice, first, "first");
        deleteAsAdmin(server, last); // the very message bob resumes from
        alice.close();

        server.stop();
        server.restart();

        var back = track(TestClient.connect(URI.create(server.wsUri(server.token("bob")) + "&edits=1&since_public=" + last)));
        var resumed = back.next("resumed").path("payload");
        assertThat(resumed.path("messages")).isEmpty();
        assertThat(resumed.path("edited")).extracting(e -> e.path("message").asText()).containsExactly("first");
        assertThat(numbers(resumed.path("deleted"))).containsExactly(last);
        back.next("active_channels");
        back.next("connected_users");
        assertThat(back.quietFor(300)).isTrue();
    }

    @Test
    void moreChangesThanTheReplayBoundAreAnsweredWithResyncAndTheFullHistory() throws Exception {
        server = setup.start("RESUME_MAX_MESSAGES", "2");
        var alice = track(server.connect("alice"));
        var sent = List.of(say(alice, "General", "a"), say(alice, "General", "b"), say(alice, "General", "c"),
                say(alice, "General", "d"));
        deleteAsAdmin(server, sent.get(0), sent.get(1), sent.get(2));

        var bob = track(resume(server, "bob", sent.get(3), 0));
        assertThat(bob.next("resync_needed").path("payload").path("reason").asText()).isEqualTo("too_far_behind");
        assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages"))).containsExactly(sent.get(3));
    }

    @Test
    void aReplayBoundOfZeroTurnsResumeOff() throws Exception {
        server = setup.start("RESUME_MAX_MESSAGES", "0");
        var alice = track(server.connect("alice"));
        var last = say(alice, "General", "last");

        var bob = track(resume(server, "bob", last, 0)); // missed nothing, and still resyncs
        assertThat(bob.next("resync_needed").path("payload").path("reason").asText()).isEqualTo("too_far_behind");
        assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages"))).containsExactly(last);
    }

    @Test
    void aClientWhoseMessagesAreOlderThanTheDeletionsKeptIsToldToResync() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var old = say(alice, "General", "a month ago");
        server.clock().advance(io.onrabble.store.MessageStore.DELETIONS_KEPT.plusDays(1));
        var recent = say(alice, "General", "today");

        var bob = track(resume(server, "bob", old, 0));
        assertThat(bob.next("resync_needed").path("payload").path("reason").asText()).isEqualTo("too_far_behind");
        assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages"))).containsExactly(old, recent);

        var carol = track(resume(server, "carol", recent, 0));
        assertThat(carol.next("resumed").path("payload").path("messages")).isEmpty();
    }

    @Test
    void aGapBeyondTheReplayBoundIsAnsweredWithResyncAndTheFullHistory() throws Exception {
        server = setup.start("RESUME_MAX_MESSAGES", "3", "HISTORY_SIZE", "2");
        HistorySetup.allowManyMessages(server);
        var alice = track(server.connect("alice"));
        var first = say(alice, "General", "first");
        var sent = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            sent.add(say(alice, "General", "g" + i));
        }

        var bob = track(resume(server, "bob", first, 0));
        var resync = bob.next("resync_needed").path("payload");
        assertThat(resync.path("reason").asText()).isEqualTo("too_far_behind");
        assertThat(resync.path("max_messages").asInt()).isEqualTo(3);
        assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages")))
                .containsExactlyElementsOf(sent.subList(3, 5));
        bob.next("active_channels");
        bob.next("connected_users");

        // Three missed are within the bound: from the database, since the ring of two does not reach back that far.
        var withinBound = track(resume(server, "carol", sent.get(1), 0));
        assertThat(ids(withinBound.next("resumed").path("payload").path("messages")))
                .containsExactlyElementsOf(sent.subList(2, 5));
        assertThat(resumes(server, "too_far_behind")).isEqualTo(1);
        assertThat(resumes(server, "resumed")).isEqualTo(1);
    }

    /** {@code onrabble_resumes_total} of one outcome, as /metrics shows it. */
    private static double resumes(TestServer server, String outcome) throws Exception {
        var prefix = "onrabble_resumes_total{outcome=\"" + outcome + "\"";
        return server.metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anIdTheServerNeverHandedOutIsAnsweredWithResync() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var only = say(alice, "General", "only");

        var bob = track(resume(server, "bob", only + 1000, 0));
        assertThat(bob.next("resync_needed").path("payload").path("reason").asText()).isEqualTo("unknown_position");
        assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages"))).containsExactly(only);
    }

    @Test
    void discoveryListsResumeAndHistoryAmongTheCapabilities() throws Exception {
        server = setup.start();
        var discovery = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.get("/discovery").body());
        assertThat(discovery.path("capabilities")).extracting(JsonNode::asText).contains("resume", "history");
        assertThat(discovery.path("chat_client").asText()).isEqualTo("ChatClient"); // the fields old clients read stay
    }

    @Test
    void resumeParametersThatAreNoIdsAreRefusedBeforeTheUpgrade() throws Exception {
        server = setup.start();
        var token = server.token("bob");
        for (var query : List.of("since_public=-1", "since_public=abc", "since_private=1.5", "since_public=99999999999999999999")) {
            assertThat(TestClient.refusedStatus(URI.create(server.wsUri(token) + "&" + query))).as(query).isEqualTo(400);
        }
    }

    /**
     * Messages keep coming while a client drops and resumes again and again: across its connections
     * it sees every acked message, public and private, exactly once.
     */
    @Test
    void messagesSentDuringReconnectsAreNeitherLostNorDoubled() throws Exception {
        // The highest replay bound: one sender acked by Valkey alone makes thousands a second, so a slow
        // reconnect on a loaded machine could miss more than the default 1,000 and rightly be told to resync.
        server = setup.start("RESUME_MAX_MESSAGES", "100000");
        HistorySetup.allowManyMessages(server);
        var alice = track(server.connect("alice"));
        var acked = ConcurrentHashMap.<Long>newKeySet();
        var ackedDms = ConcurrentHashMap.<Long>newKeySet();
        var sending = new AtomicBoolean(true);
        var sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; sending.get(); i++) {
                if (i % 3 == 2) {
                    ackedDms.add(dm(alice, userId("bob"), "dm" + i));
                } else {
                    acked.add(say(alice, "General", "pub" + i));
                }
            }
        });

        var seen = Collections.synchronizedList(new ArrayList<Long>());
        var seenDms = Collections.synchronizedList(new ArrayList<Long>());
        var bob = track(server.connectRaw("bob"));
        for (int round = 0; round < 6; round++) {
            readFor(bob, Duration.ofMillis(150 + 50 * round), seen, seenDms);
            bob.close();
            Thread.sleep(50); // messages go by while bob is away
            bob = track(resume(server, "bob", max(seen), max(seenDms)));
        }
        sending.set(false);
        sender.join();
        var last = bob;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            readFor(last, Duration.ofMillis(100), seen, seenDms);
            assertThat(seen).as("a resume answered with resync_needed").doesNotContain(RESYNCED);
            assertThat(new HashSet<>(seen)).containsAll(acked);
            assertThat(new HashSet<>(seenDms)).containsAll(ackedDms);
        });
        assertThat(acked).hasSizeGreaterThan(20);
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat(seenDms).doesNotHaveDuplicates().isSorted();
    }

    /** Records the message ids of every frame that arrives within {@code time}, and {@link #RESYNCED} for a resync. */
    private static void readFor(TestClient client, Duration time, List<Long> seen, List<Long> seenDms)
            throws InterruptedException {
        var until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            var frame = client.poll(10);
            if (frame == null) {
                continue;
            }
            var payload = frame.path("payload");
            switch (frame.path("type").asText()) {
                case "bulk_chat_messages" -> seen.addAll(ids(payload.path("messages")));
                case "bulk_private_messages" -> seenDms.addAll(ids(payload.path("messages")));
                case "resumed" -> {
                    seen.addAll(ids(payload.path("messages")));
                    seenDms.addAll(ids(payload.path("private_messages")));
                }
                case "chat_message" -> seen.add(payload.path("cacheID").asLong());
                case "private_chat_message" -> seenDms.add(payload.path("cacheID").asLong());
                case "resync_needed" -> seen.add(RESYNCED);
                default -> {
                }
            }
        }
    }

    private static long max(List<Long> ids) {
        synchronized (ids) {
            return ids.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /**
     * A client that declares nothing new gets the reference connect sequence, field for field, and
     * none of the new frames, while others resume and page next to it.
     */
    @Test
    void aLegacyClientSeesExactlyTheFramesItSawBefore() throws Exception {
        server = setup.start();
        var alice = track(server.connect("alice"));
        var hello = say(alice, "General", "hello");
        var psst = dm(alice, userId("bob"), "psst");

        var bob = track(server.connectRaw("bob"));
        var history = bob.next("bulk_chat_messages");
        assertThat(fieldNames(history)).containsExactly("type", "sender", "payload");
        assertThat(fieldNames(history.path("payload"))).containsExactly("messages");
        assertThat(fieldNames(history.path("payload").path("messages").get(0)))
                .containsExactly("cacheID", "owner_id", "username", "channel", "message", "authored_at");
        assertThat(ids(history.path("payload").path("messages"))).containsExactly(hello);
        bob.next("active_channels");
        var dms = bob.next("bulk_private_messages").path("payload");
        assertThat(fieldNames(dms)).containsExactly("messages");
        assertThat(ids(dms.path("messages"))).containsExactly(psst);
        bob.next("connected_users");

        var carol = track(resume(server, "carol", hello, 0));
        carol.skipTo("connected_users");
        carol.send("{\"type\":\"get_history\",\"channel\":\"General\",\"nonce\":\"h\"}");
        carol.next("history");
        // bob hears of carol, then nothing else
        assertThat(bob.next("user_status").path("payload").path("username").asText()).isEqualTo("carol");
        assertThat(bob.quietFor(300)).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
