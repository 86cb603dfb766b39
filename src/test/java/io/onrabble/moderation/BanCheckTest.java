package io.onrabble.moderation;

import io.onrabble.protocol.CloseCode;
import io.onrabble.store.Ban;
import io.onrabble.store.BanRecord;
import io.onrabble.store.BanStore;
import io.onrabble.store.Database;
import io.onrabble.store.Page;
import io.onrabble.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Connects ask the ban list once per user and minute at most, yet a ban or pardon counts at once. */
@Tag("fast")
class BanCheckTest {
    private Database database;
    private BanStore bans;
    private final AtomicInteger reads = new AtomicInteger();
    private BanCheck check;

    @BeforeEach
    void wire(@TempDir Path dataDir) {
        database = Database.sqlite(dataDir);
        bans = Stores.jdbc(database).bans();
        check = new BanCheck(counting(bans), Clock.systemUTC(), Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aUserConnectingAgainIsNotLookedUpAgain() {
        assertThat(check.banned("alice")).isFalse();
        assertThat(check.banned("alice")).isFalse();

        assertThat(reads).hasValue(1);
    }

    @Test
    void aBanHeardThroughTheBrokerCountsAtOnceAndReachesAConnectionBeingSetUp() {
        var checkedAt = System.nanoTime();
        assertThat(check.banned("alice")).isFalse();
        bans.ban("admin", "alice", null, Instant.now(), null);

        check.revoked("alice", CloseCode.BANNED, "banned");

        assertThat(check.revokedSince("alice", checkedAt)).hasValueSatisfying(r ->
                assertThat(r.closeCode()).isEqualTo(CloseCode.BANNED));
        assertThat(check.banned("alice")).isTrue();
        assertThat(check.revokedSince("bob", checkedAt)).isEmpty();
        assertThat(check.revokedSince("alice", System.nanoTime())).as("a later connection is not revoked").isEmpty();
    }

    @Test
    void aPardonCountsAtOnceBecauseBansAreNeverCached() {
        var ban = bans.ban("admin", "alice", null, Instant.now(), null);
        assertThat(check.banned("alice")).isTrue();

        bans.pardon(ban.id(), Instant.now());

        assertThat(check.banned("alice")).isFalse();
    }

    private BanStore counting(BanStore store) {
        return new BanStore() {
            @Override
            public Optional<Ban> activeBan(String userId, Instant now) {
                reads.incrementAndGet();
                return store.activeBan(userId, now);
            }

            @Override
            public Ban ban(String ownerId, String banishedId, String reason, Instant start, Instant end) {
                return store.ban(ownerId, banishedId, reason, start, end);
            }

            @Override
            public Optional<Ban> pardon(long banId, Instant now) {
                return store.pardon(banId, now);
            }

            @Override
            public Page<BanRecord> list(int limit, int offset) {
                return store.list(limit, offset);
            }
        };
    }
}
