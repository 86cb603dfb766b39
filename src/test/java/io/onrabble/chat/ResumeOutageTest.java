package io.onrabble.chat;

import io.onrabble.testing.TcpProxy;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;

import static io.onrabble.chat.HistorySetup.ids;
import static io.onrabble.chat.HistorySetup.resume;
import static io.onrabble.chat.HistorySetup.say;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resume that needs the database while it is cut off still connects: the client is told to
 * resync and gets the recent history from the ring, as any client connecting during the outage.
 */
class ResumeOutageTest {

    @Test
    void aResumePastTheRingDuringADatabaseOutageIsAnsweredWithResyncAndTheRecentHistory() throws Exception {
        try (var postgres = TestPostgres.create(); var proxy = new TcpProxy("127.0.0.1", 5432);
             var valkey = TestValkey.shared()) {
            try (var server = TestServer.start("DATABASE_URL", postgres.url(proxy.hostPort()), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "HISTORY_SIZE", "2");
                 var alice = server.connect("alice")) {
                var first = say(alice, "General", "first");
                var sent = new ArrayList<Long>();
                for (int i = 0; i < 3; i++) {
                    sent.add(say(alice, "General", "o" + i));
                }
                proxy.cut();

                try (var bob = resume(server, "bob", first, 0)) {
                    var answer = bob.poll(Duration.ofSeconds(30));
                    assertThat(answer).isNotNull();
                    assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("resync_needed");
                    assertThat(answer.path("payload").path("reason").asText()).isEqualTo("unavailable");
                    assertThat(ids(bob.next("bulk_chat_messages").path("payload").path("messages")))
                            .containsExactlyElementsOf(sent.subList(1, 3));
                    bob.skipTo("connected_users");
                }
                proxy.restore();
            }
        }
    }
}
