package io.onrabble.moderation;

import io.onrabble.protocol.CloseCode;
import io.onrabble.store.BanStore;
import io.onrabble.store.Database;
import io.onrabble.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Connects are checked against the ban list in memory, and a disconnect heard meanwhile still reaches them. */
@Tag("fast")
class BanCheckTest {
    private Database database;
    private BanStore bans;
    private BanList list;
    private BanCheck check;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        database = Database.sqlite(dataDir);
        bans = Stores.jdbc(database).bans();
        list = BanList.load(bans, Clock.systemUTC());
        check = new BanCheck(list);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aConnectReadsNoDatabase() {
        assertThat(check.banned("alice")).isFalse();
        database.close();

        assertThat(check.banned("alice")).as("answered from memory with the database closed").isFalse();
    }

    @Test
    void aBanHeardThroughTheBrokerReachesAConnectionBeingSetUp() {
        var checkedAt = System.nanoTime();
        assertThat(check.banned("alice")).isFalse();
        bans.ban("admin", "alice", null, Instant.now(), null);

        check.revoked("alice", CloseCode.BANNED, "banned");
        check.refreshQuietly();

        assertThat(check.revokedSince("alice", checkedAt)).hasValueSatisfying(r ->
                assertThat(r.closeCode()).isEqualTo(CloseCode.BANNED));
        assertThat(check.banned("alice")).isTrue();
        assertThat(check.revokedSince("bob", checkedAt)).isEmpty();
        assertThat(check.revokedSince("alice", System.nanoTime())).as("a later connection is not revoked").isEmpty();
    }

    @Test
    void aPardonCountsOnceTheListIsReadAgain() {
        var ban = bans.ban("admin", "alice", null, Instant.now(), null);
        check.refreshQuietly();
        assertThat(check.banned("alice")).isTrue();

        bans.pardon(ban.id(), Instant.now());
        check.refreshQuietly();

        assertThat(check.banned("alice")).isFalse();
    }
}
