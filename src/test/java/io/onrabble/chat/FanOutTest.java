package io.onrabble.chat;

import io.onrabble.auth.Principal;
import io.onrabble.broker.MemoryBroker;
import io.onrabble.broker.MemoryPresence;
import io.onrabble.journal.EmbeddedJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.Frame;
import io.onrabble.ratelimit.MemoryRateLimiter;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A broadcast is encoded once: every recipient is handed the very same bytes. */
class FanOutTest {
    private Database database;
    private EmbeddedJournal journal;
    private ChatHub hub;

    private record RecordingSession(String id, Principal principal, List<Frame> frames) implements Session {
        RecordingSession(String username) {
            this(username + "-1", new Principal(username + "-id", username, "test", "ChatClient", Set.of(),
                    Instant.now().plusSeconds(60)), new CopyOnWriteArrayList<>());
        }

        public Instant connectedAt() {
            return Instant.EPOCH;
        }

        public void send(Frame frame) {
            frames.add(frame);
        }

        public void close(short code, String reason) {
        }

        Frame last(String type) {
            return frames.stream().filter(f -> f.message().type().equals(type)).reduce((a, b) -> b).orElseThrow();
        }
    }

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        database = Database.sqlite(dataDir);
        var stores = Stores.jdbc(database);
        journal = EmbeddedJournal.open(stores.messages(), 500, new Metrics());
        var broker = new MemoryBroker();
        hub = new ChatHub(new ChannelDirectory(stores.channels()), journal, stores.users(), stores.sessions(),
                broker, new MemoryPresence(), new MemoryRateLimiter(new RateLimitPolicy(stores.rateLimits())),
                new Codec(4000), new Metrics(), "WebClient", Clock.systemUTC());
        broker.subscribe(hub::deliverLocally);
    }

    @AfterEach
    void close() {
        journal.close();
        database.close();
    }

    @Test
    void everyRecipientIsHandedTheSameEncodedBytes() {
        var sessions = List.of(new RecordingSession("alice"), new RecordingSession("bob"), new RecordingSession("carol"));
        sessions.forEach(hub::join);

        hub.handle(sessions.get(0), new ClientMessage.SendChat("General", "hello", null));

        var bytes = sessions.stream().map(s -> s.last("chat_message").json()).toList();
        assertThat(bytes.get(1)).isSameAs(bytes.get(0));
        assertThat(bytes.get(2)).isSameAs(bytes.get(0));
        assertThat(new String(bytes.get(0))).contains("\"message\":\"hello\"");
    }
}
