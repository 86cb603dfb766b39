package io.onrabble.store;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every relational store adapter must do, run against SQLite and PostgreSQL alike. */
abstract class StoreContractTest {
    private static final Instant T0 = Timestamps.truncate(Instant.parse("2025-05-20T14:03:07.123456Z"));

    protected Database db;
    protected Stores stores;

    /** A fresh, migrated, empty database. */
    protected abstract Database open() throws Exception;

    protected abstract void dispose() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        stores = Stores.jdbc(db);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        dispose();
    }

    private static ChatMessage chat(long id, String text) {
        return new ChatMessage(id, "owner-" + id, "alice", 1, "General", text, T0.plusMillis(id));
    }

    private static PrivateMessage dm(long id, String from, String to) {
        return new PrivateMessage(id, from, from + "-name", to, to + "-name", "dm " + id, T0.plusMillis(id));
    }

    @Test
    void freshSchemaHasTheGeneralChannelAndTheDefaultRateLimit() {
        assertThat(stores.channels().list()).extracting(c -> c.name()).containsExactly("General");
        assertThat(stores.rateLimits().all()).singleElement().satisfies(row -> {
            assertThat(row.ownerId()).isEqualTo(RateLimitRow.DEFAULT_OWNER);
            assertThat(row.messageLimit()).isEqualTo(10);
            assertThat(row.windowSeconds()).isEqualTo(60);
        });
    }

    @Test
    void messagesReadBackExactlyAsWrittenOldestFirst() {
        stores.messages().insertPublic(List.of(chat(7, "seven"), chat(3, "three"), chat(5, "five ünïcødé 🎉")));

        assertThat(stores.messages().recentPublic(10)).containsExactly(chat(3, "three"), chat(5, "five ünïcødé 🎉"), chat(7, "seven"));
        assertThat(stores.messages().recentPublic(2)).containsExactly(chat(5, "five ünïcødé 🎉"), chat(7, "seven"));
        assertThat(stores.messages().maxPublicId()).isEqualTo(7);
    }

    @Test
    void insertingTheSameIdAgainKeepsTheFirstAndFailsNothing() {
        stores.messages().insertPublic(List.of(chat(1, "first")));
        stores.messages().insertPublic(List.of(chat(1, "again"), chat(2, "second")));
        stores.messages().insertPrivate(List.of(dm(1, "a", "b")));
        stores.messages().insertPrivate(List.of(dm(1, "a", "b")));

        assertThat(stores.messages().recentPublic(10)).extracting(ChatMessage::message).containsExactly("first", "second");
        assertThat(stores.messages().recentPrivate("a", 10)).hasSize(1);
    }

    @Test
    void anEditReplacesTheTextForSearchOnlyWhenItIsNewerThanTheLastAndMissingMessagesTakeNone() {
        var messages = stores.messages();
        messages.insertPublic(List.of(chat(1, "meet at nine"), chat(2, "other")));
        var edit = new MessageEdit(1, "meet at ten", T0.plusSeconds(60));

        assertThat(messages.editPublic(List.of(edit, new MessageEdit(99, "nobody", T0)))).isEqualTo(1);
        assertThat(messages.editPublic(List.of(edit))).as("the same edit again is harmless").isEqualTo(1);
        assertThat(messages.editPublic(List.of(new MessageEdit(1, "meet at eight", T0.plusSeconds(30))))).isZero();

        assertThat(messages.findPublic(1)).contains(chat(1, "meet at ten"));
        assertThat(messages.findPublic(99)).isEmpty();
        assertThat(messages.search(new MessageQuery("ten", List.of(), null, null, null, 10, 0)).items())
                .extracting(ChatMessage::id).containsExactly(1L);
        assertThat(messages.search(new MessageQuery("nine", List.of(), null, null, null, 10, 0)).items()).isEmpty();
    }

    @Test
    void aDeletionKeepsATombstoneOfEachMessageThatExistedAndOfThoseDeletedBeforeTheyWereWritten() {
        var messages = stores.messages();
        messages.insertPublic(List.of(chat(1, "one"), chat(2, "two"), chat(3, "three"), chat(4, "four")));

        // 2 existed; 5 was deleted from a queue before it was written; 9 never existed anywhere
        assertThat(messages.deletePublic(List.of(2L, 5L, 9L), List.of(5L), T0.plusSeconds(10))).containsExactly(2L);
        assertThat(messages.deletePublic(List.of(3L), List.of(), T0.plusSeconds(20))).containsExactly(3L);
        assertThat(messages.deletePublic(List.of(2L, 3L), List.of(2L), T0.plusSeconds(30)))
                .as("deleted again: nothing existed, and the first tombstones stay as they were").isEmpty();

        assertThat(messages.deletedSince(10, T0, 10)).containsExactly(2L, 3L, 5L);
        assertThat(messages.deletedSince(10, T0.plusSeconds(11), 10)).as("dated by their first deletion").containsExactly(3L);
        assertThat(messages.deletedSince(10, T0.plusSeconds(20), 10)).as("at the time itself").containsExactly(3L);
        assertThat(messages.deletedSince(4, T0, 10)).as("up to an id").containsExactly(2L, 3L);
        assertThat(messages.deletedSince(10, T0, 2)).as("up to a limit, lowest ids first").containsExactly(2L, 3L);
        assertThat(messages.recentPublic(10)).extracting(ChatMessage::id).containsExactly(1L, 4L);
    }

    @Test
    void tombstonesOlderThanTheirKeepingTimeAreDroppedByTheNextDeletion() {
        var messages = stores.messages();
        messages.insertPublic(List.of(chat(1, "one"), chat(2, "two"), chat(3, "three")));
        messages.deletePublic(List.of(1L), List.of(), T0);
        messages.deletePublic(List.of(2L), List.of(), T0.plus(Duration.ofDays(10)));

        messages.deletePublic(List.of(3L), List.of(), T0.plus(MessageStore.DELETIONS_KEPT).plusSeconds(1));

        assertThat(messages.deletedSince(10, Instant.EPOCH, 10)).containsExactly(2L, 3L);
    }

    @Test
    void theHighestIdCountsDeletedMessagesTooEvenOnceTheirTombstonesAreOld() {
        var messages = stores.messages();
        messages.insertPublic(List.of(chat(1, "one"), chat(2, "two"), chat(3, "three")));
        messages.deletePublic(List.of(3L), List.of(), T0);
        assertThat(messages.maxPublicId()).isEqualTo(3);

        messages.deletePublic(List.of(1L), List.of(), T0.plus(MessageStore.DELETIONS_KEPT).plusSeconds(1));

        assertThat(messages.maxPublicId()).isEqualTo(3);
        assertThat(messages.deletedSince(10, Instant.EPOCH, 10)).containsExactly(1L, 3L);
    }

    @Test
    void messagesEditedSinceATimeReadAsTheyAreNowWithTheirEditTime() {
        var messages = stores.messages();
        messages.insertPublic(List.of(chat(1, "one"), chat(2, "two"), chat(3, "three"), chat(4, "four"), chat(5, "five")));
        messages.editPublic(List.of(new MessageEdit(1, "one, long ago", T0.plusSeconds(1)),
                new MessageEdit(2, "two, edited", T0.plusSeconds(60)), new MessageEdit(4, "four, edited", T0.plusSeconds(90)),
                new MessageEdit(5, "five, edited", T0.plusSeconds(90))));

        assertThat(messages.editedSince(4, T0.plusSeconds(60), 10)).containsExactly(
                new EditedMessage(chat(2, "two, edited"), T0.plusSeconds(60)),
                new EditedMessage(chat(4, "four, edited"), T0.plusSeconds(90)));
        assertThat(messages.editedSince(5, T0.plusSeconds(60), 1)).extracting(e -> e.message().id()).containsExactly(2L);
        assertThat(messages.editedSince(5, T0.plusSeconds(91), 10)).isEmpty();
    }

    @Test
    void theNewestMessageAtOrBelowAnIdDatesWhatAClientHolds() {
        var messages = stores.messages();
        assertThat(messages.newestAuthoredAt(10)).isEmpty();
        messages.insertPublic(List.of(chat(1, "one"), chat(3, "three"), chat(6, "six")));

        assertThat(messages.newestAuthoredAt(3)).contains(chat(3, "").authoredAt());
        assertThat(messages.newestAuthoredAt(5)).as("5 does not exist: 3 is the newest below it").contains(chat(3, "").authoredAt());
        assertThat(messages.newestAuthoredAt(100)).contains(chat(6, "").authoredAt());
        assertThat(messages.newestAuthoredAt(0)).isEmpty();
    }

    @Test
    void privateMessagesAreReadByBothParticipantsOnly() {
        stores.messages().insertPrivate(List.of(dm(1, "a", "b"), dm(2, "b", "c"), dm(3, "c", "a")));

        assertThat(stores.messages().recentPrivate("a", 10)).extracting(PrivateMessage::id).containsExactly(1L, 3L);
        assertThat(stores.messages().recentPrivate("b", 10)).extracting(PrivateMessage::id).containsExactly(1L, 2L);
        assertThat(stores.messages().recentPrivate("a", 1)).containsExactly(dm(3, "c", "a"));
        assertThat(stores.messages().maxPrivateId()).isEqualTo(3);
        assertThat(stores.messages().maxPublicId()).isZero();
    }

    @Test
    void publicMessagesAfterAnIdComeOldestFirstUpToTheLimit() {
        stores.messages().insertPublic(List.of(chat(1, "one"), chat(2, "two"), chat(4, "four"), chat(6, "six")));

        assertThat(stores.messages().publicAfter(1, 10)).extracting(ChatMessage::id).containsExactly(2L, 4L, 6L);
        assertThat(stores.messages().publicAfter(1, 2)).extracting(ChatMessage::id).containsExactly(2L, 4L);
        assertThat(stores.messages().publicAfter(6, 10)).isEmpty();
        assertThat(stores.messages().publicAfter(0, 1)).containsExactly(chat(1, "one"));
    }

    @Test
    void privateMessagesAfterAnIdAreTheUsersOwnOnly() {
        stores.messages().insertPrivate(List.of(dm(1, "a", "b"), dm(2, "b", "c"), dm(3, "c", "a"), dm(4, "a", "a")));

        assertThat(stores.messages().privateAfter("a", 1, 10)).extracting(PrivateMessage::id).containsExactly(3L, 4L);
        assertThat(stores.messages().privateAfter("a", 0, 1)).containsExactly(dm(1, "a", "b"));
        assertThat(stores.messages().privateAfter("b", 2, 10)).isEmpty();
    }

    @Test
    void channelPagesBeforeAnIdHoldTheNewestOfThatChannelOldestFirst() {
        var other = stores.channels().create("Other", null, "owner", T0).orElseThrow().id();
        var elsewhere = new ChatMessage(3, "owner-3", "alice", other, "Other", "three", T0);
        stores.messages().insertPublic(List.of(chat(1, "one"), chat(2, "two"), elsewhere, chat(4, "four"), chat(5, "five")));

        assertThat(stores.messages().channelBefore(1, 5, 2)).extracting(ChatMessage::id).containsExactly(2L, 4L);
        assertThat(stores.messages().channelBefore(1, 2, 10)).extracting(ChatMessage::id).containsExactly(1L);
        assertThat(stores.messages().channelBefore(1, 1, 10)).isEmpty();
        assertThat(stores.messages().channelBefore(other, Long.MAX_VALUE, 10)).extracting(ChatMessage::message)
                .containsExactly("three");
    }

    @Test
    void conversationPagesHoldBothDirectionsBetweenTwoUsersOnly() {
        stores.messages().insertPrivate(List.of(dm(1, "a", "b"), dm(2, "b", "a"), dm(3, "a", "c"), dm(4, "a", "b"),
                dm(5, "a", "a")));

        assertThat(stores.messages().conversationBefore("a", "b", Long.MAX_VALUE, 10)).extracting(PrivateMessage::id)
                .containsExactly(1L, 2L, 4L);
        assertThat(stores.messages().conversationBefore("b", "a", 4, 1)).containsExactly(dm(2, "b", "a"));
        assertThat(stores.messages().conversationBefore("a", "a", Long.MAX_VALUE, 10)).containsExactly(dm(5, "a", "a"));
    }

    @Test
    void aRefusedRowRollsBackItsBatchAndIsNotMistakenForAnOutage() {
        var bad = new ChatMessage(2, "owner", "alice", 1, "General", null, T0);

        assertThatThrownBy(() -> stores.messages().insertPublic(List.of(chat(1, "good"), bad)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse());
        assertThat(stores.messages().recentPublic(10)).isEmpty();
    }

    @Test
    void usersAreUpsertedOnEveryConnect() {
        stores.users().seen("u1", "alice", "issuer", T0);
        stores.users().seen("u1", "alice2", "issuer", T0.plusSeconds(60));

        var user = stores.users().find("u1").orElseThrow();
        assertThat(user.username()).isEqualTo("alice2");
        assertThat(user.firstSeen()).isEqualTo(T0);
        assertThat(user.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(stores.users().find("nobody")).isEmpty();
    }

    @Test
    void sessionsAreRecorded() {
        stores.sessions().record(new ChatSession("u1", "ChatClient", T0, T0.plus(Duration.ofMinutes(5))));

        assertThat(db.query("SELECT owner_id, client_id, end_time - start_time AS micros FROM chat_sessions",
                row -> row.getString(1) + "/" + row.getString(2) + "/" + row.getLong(3)))
                .containsExactly("u1/ChatClient/300000000");
    }

    @Test
    void onlyUnpardonedUnexpiredBansAreActive() {
        var now = T0;
        db.update("INSERT INTO bans (owner_id, banished_id, reason, start_time, end_time, pardoned) VALUES (?, ?, ?, ?, ?, ?)",
                "admin", "expired", "r", Timestamps.toMicros(now.minusSeconds(100)), Timestamps.toMicros(now.minusSeconds(1)), false);
        db.update("INSERT INTO bans (owner_id, banished_id, reason, start_time, end_time, pardoned) VALUES (?, ?, ?, ?, ?, ?)",
                "admin", "pardoned", "r", Timestamps.toMicros(now.minusSeconds(100)), null, true);
        db.update("INSERT INTO bans (owner_id, banished_id, reason, start_time, end_time, pardoned) VALUES (?, ?, ?, ?, ?, ?)",
                "admin", "banned", "spam", Timestamps.toMicros(now.minusSeconds(100)), null, false);

        assertThat(stores.bans().activeBan("expired", now)).isEmpty();
        assertThat(stores.bans().activeBan("pardoned", now)).isEmpty();
        assertThat(stores.bans().activeBan("banned", now)).hasValueSatisfying(ban -> {
            assertThat(ban.reason()).isEqualTo("spam");
            assertThat(ban.end()).isNull();
        });
    }

    @Test
    void serverIdentityIsCreatedOnceAndKeptAcrossStarts() {
        var first = stores.identity().loadOrCreate("OnRabble");
        var second = stores.identity().loadOrCreate("Renamed");

        assertThat(second.serverId()).isEqualTo(first.serverId());
        assertThat(second.serverName()).isEqualTo("Renamed");
    }

    private static ChatMessage chatIn(long id, long channelId, String ownerId) {
        return new ChatMessage(id, ownerId, ownerId + "-name", channelId, "c" + channelId, "m " + id, T0.plusMillis(id));
    }

    @Test
    void aReadMarkerOnlyMovesForwardPerUserAndConversation() {
        var markers = stores.readMarkers();

        assertThat(markers.markChannel("alice", 1, 10)).as("a first marker").isTrue();
        assertThat(markers.markChannel("alice", 1, 7)).as("a lower id").isFalse();
        assertThat(markers.markChannel("alice", 1, 10)).as("the same id").isFalse();
        assertThat(markers.markChannel("alice", 1, 12)).isTrue();
        assertThat(markers.markChannel("bob", 1, 3)).as("another user's marker").isTrue();
        assertThat(markers.markPrivate("alice", "bob", 5)).isTrue();
        assertThat(markers.markPrivate("alice", "bob", 4)).isFalse();
        assertThat(markers.markPrivate("alice", "carol", 1)).as("another conversation").isTrue();

        stores.messages().insertPublic(List.of(chatIn(11, 1, "zoe"), chatIn(12, 1, "zoe"), chatIn(13, 1, "zoe")));
        assertThat(markers.unread("alice", 1000).channels()).containsExactly(new ReadMarkerStore.ChannelUnread(1, 1));
    }

    @Test
    void unreadCountsAreTheOthersMessagesAfterTheMarkerThatStillExist() {
        var general = stores.channels().list().getFirst().id();
        var random = stores.channels().create("random", null, "admin", T0).orElseThrow().id();
        var quiet = stores.channels().create("quiet", null, "admin", T0).orElseThrow().id();
        stores.messages().insertPublic(List.of(chatIn(1, general, "bob"), chatIn(2, general, "alice"),
                chatIn(3, general, "bob"), chatIn(4, random, "bob"), chatIn(5, general, "bob"),
                chatIn(6, general, "carol"), chatIn(7, random, "alice"), chatIn(8, quiet, "bob")));
        stores.messages().insertPrivate(List.of(dm(1, "bob", "alice"), dm(2, "alice", "bob"), dm(3, "bob", "alice"),
                dm(4, "carol", "alice"), dm(5, "bob", "alice"), dm(6, "bob", "dave")));
        stores.readMarkers().markChannel("alice", general, 3);
        stores.readMarkers().markChannel("alice", quiet, 8);
        stores.readMarkers().markPrivate("alice", "bob", 3);
        stores.messages().deletePublic(List.of(6L), List.of(), T0);

        var unread = stores.readMarkers().unread("alice", 1000);

        // General: 5 (6 deleted, 2 her own, 1 and 3 read); random: 4 (no marker, 7 her own); quiet: all read.
        assertThat(unread.channels()).containsExactlyInAnyOrder(new ReadMarkerStore.ChannelUnread(general, 1),
                new ReadMarkerStore.ChannelUnread(random, 1));
        // bob: 5 (1 and 3 read, 2 her own); carol: 4 (no marker); bob's DM to dave is not hers.
        assertThat(unread.conversations()).containsExactlyInAnyOrder(new ReadMarkerStore.ConversationUnread("bob", 1),
                new ReadMarkerStore.ConversationUnread("carol", 1));
        assertThat(stores.readMarkers().unread("nobody", 1000).channels()).hasSize(3);
    }

    @Test
    void anUnreadCountStopsAtTheLimit() {
        var general = stores.channels().list().getFirst().id();
        var messages = new java.util.ArrayList<ChatMessage>();
        var dms = new java.util.ArrayList<PrivateMessage>();
        for (long id = 1; id <= 12; id++) {
            messages.add(chatIn(id, general, "bob"));
            dms.add(dm(id, "bob", "alice"));
        }
        stores.messages().insertPublic(messages);
        stores.messages().insertPrivate(dms);
        stores.readMarkers().markChannel("alice", general, 3);

        var unread = stores.readMarkers().unread("alice", 5);

        assertThat(unread.channels()).containsExactly(new ReadMarkerStore.ChannelUnread(general, 5));
        assertThat(unread.conversations()).containsExactly(new ReadMarkerStore.ConversationUnread("bob", 5));
        assertThat(stores.readMarkers().unread("alice", 100).channels())
                .containsExactly(new ReadMarkerStore.ChannelUnread(general, 9));
    }
}
