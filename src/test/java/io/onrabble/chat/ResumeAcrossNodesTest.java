package io.onrabble.chat;

import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.List;

import static io.onrabble.chat.HistorySetup.deleteAsAdmin;
import static io.onrabble.chat.HistorySetup.dm;
import static io.onrabble.chat.HistorySetup.edit;
import static io.onrabble.chat.HistorySetup.ids;
import static io.onrabble.chat.HistorySetup.numbers;
import static io.onrabble.chat.HistorySetup.resume;
import static io.onrabble.chat.HistorySetup.say;
import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that dropped off one node resumes on another (two nodes on one PostgreSQL and Valkey), in
 * both durability modes, with what it missed and what became meanwhile of what it holds.
 */
class ResumeAcrossNodesTest {

    @ParameterizedTest
    @ValueSource(strings = {"database", "valkey"})
    void aClientResumesOnAnotherNodeWithExactlyWhatItMissed(String durability) throws Exception {
        try (var postgres = TestPostgres.create(); var valkey = TestValkey.shared()) {
            // One data directory, so both nodes trust the same development issuer key.
            var dataDir = Files.createTempDirectory("onrabble-resume-nodes").toString();
            String[] settings = {"DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(), "VALKEY_PREFIX", valkey.prefix(),
                    "DATA_DIR", dataDir, "DURABILITY", durability, "DATABASE_POOL_SIZE", "4"};
            try (var a = TestServer.start(settings); var b = TestServer.start(settings)) {
                try (var alice = b.connect("alice")) {
                    long heard;
                    long typo;
                    long regret;
                    try (var bob = a.connect("bob")) {
                        typo = say(alice, "General", "tpyo");
                        regret = say(alice, "General", "regret");
                        heard = say(alice, "General", "heard");
                        assertThat(bob.skipTo("chat_message").path("payload").path("cacheID").asLong()).isEqualTo(typo);
                        bob.skipTo("chat_message");
                        assertThat(bob.skipTo("chat_message").path("payload").path("cacheID").asLong()).isEqualTo(heard);
                    }
                    var missed = List.of(say(alice, "General", "x1"), say(alice, "General", "x2"));
                    var missedDm = dm(alice, userId("bob"), "xd");
                    edit(alice, typo, "typo"); // on node b
                    deleteAsAdmin(a, regret); // on node a

                    try (var bob = resume(b, "bob", heard, 0)) {
                        var resumed = bob.next("resumed").path("payload");
                        assertThat(ids(resumed.path("messages"))).containsExactlyElementsOf(missed);
                        assertThat(ids(resumed.path("private_messages"))).containsExactly(missedDm);
                        assertThat(resumed.path("edited")).extracting(e -> e.path("message").asText()).containsExactly("typo");
                        assertThat(numbers(resumed.path("deleted"))).containsExactly(regret);
                        bob.skipTo("connected_users");
                        var live = say(alice, "General", "live");
                        assertThat(bob.next("chat_message").path("payload").path("cacheID").asLong()).isEqualTo(live);
                    }
                }
            }
        }
    }
}
