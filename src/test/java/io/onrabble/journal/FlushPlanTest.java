package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.store.EditedMessage;
import io.onrabble.store.MessageQuery;
import io.onrabble.store.MessageStore;
import io.onrabble.store.Page;
import io.onrabble.store.StoreException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a flush writes, skips and dead-letters, decided and written without Valkey. */
class FlushPlanTest {
    private static final Instant AUTHORED = Timestamps.fromMicros(1_733_040_000_000_000L);

    @Test
    void publicAndPrivateEntriesBecomeInsertsAndDeletedOnesAreSkipped() {
        var entries = List.of(publicEntry("1-0", 10), privateEntry("2-0", 3), publicEntry("3-0", 11));

        var plan = FlushPlan.of(entries, Set.of(11L));

        assertThat(plan.publics()).extracting(held -> held.message().id()).containsExactly(10L);
        assertThat(plan.privates()).extracting(held -> held.message().id()).containsExactly(3L);
        assertThat(plan.skipped()).containsExactly("3-0");
        assertThat(plan.malformed()).isEmpty();
        assertThat(FlushPlan.publicIds(entries)).containsExactly(10L, 11L);
    }

    @Test
    void anEditedQueuedMessageIsWrittenWithItsEditAndADeletedOneStaysSkipped() {
        var entries = List.of(publicEntry("1-0", 10), publicEntry("2-0", 11), publicEntry("3-0", 12));
        var later = AUTHORED.plusSeconds(30);

        var plan = FlushPlan.of(entries, Set.of(12L),
                Map.of(10L, new MessageEdit(10, "hi, edited", later), 12L, new MessageEdit(12, "gone anyway", later)));

        assertThat(plan.publics()).extracting(held -> held.message().message()).containsExactly("hi, edited", "hi 11");
        assertThat(plan.publics().getFirst().message().authoredAt()).isEqualTo(AUTHORED);
        assertThat(plan.skipped()).containsExactly("3-0");
    }

    @Test
    void entriesThisServerNeverWroteAreDeadLetteredWithTheReason() {
        var plan = FlushPlan.of(List.of(new QueueEntry("1-0", "gossip", "{}"), new QueueEntry("2-0", "public", "{\"id\":1}"),
                new QueueEntry("3-0", null, null), publicEntry("4-0", 5)), Set.of());

        assertThat(plan.malformed()).extracting(letter -> letter.entry().streamId()).containsExactly("1-0", "2-0", "3-0");
        assertThat(plan.malformed().get(0).reason()).contains("unknown kind 'gossip'");
        assertThat(plan.malformed().get(1).reason()).contains("malformed entry");
        assertThat(plan.publics()).extracting(held -> held.message().id()).containsExactly(5L);
    }

    @Test
    void aBatchTheDatabaseRefusesIsWrittenOneByOneAndOnlyTheBadMessageIsRefused() {
        var store = new FakeStore();
        store.refusedIds.add(11L);
        var plan = FlushPlan.of(List.of(publicEntry("1-0", 10), publicEntry("2-0", 11), privateEntry("3-0", 4)), Set.of());

        var outcome = new BatchWriter(store).write(plan);

        assertThat(store.publics).extracting(ChatMessage::id).containsExactly(10L);
        assertThat(store.privates).extracting(PrivateMessage::id).containsExactly(4L);
        assertThat(outcome.written()).containsExactly("1-0", "3-0");
        assertThat(outcome.writtenPublic()).containsExactly(10L);
        assertThat(outcome.refused()).extracting(letter -> letter.entry().streamId()).containsExactly("2-0");
    }

    @Test
    void anUnreachableDatabaseIsThrownSoTheFlusherKeepsEveryEntry() {
        var store = new FakeStore();
        store.unreachable = true;
        var plan = FlushPlan.of(List.of(publicEntry("1-0", 10)), Set.of());

        assertThatThrownBy(() -> new BatchWriter(store).write(plan))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void aWholeBatchIsWrittenInOneInsertPerKind() {
        var store = new FakeStore();
        var plan = FlushPlan.of(List.of(publicEntry("1-0", 10), publicEntry("2-0", 12), privateEntry("3-0", 4)), Set.of());

        var outcome = new BatchWriter(store).write(plan);

        assertThat(store.inserts).isEqualTo(2);
        assertThat(outcome.written()).containsExactly("1-0", "2-0", "3-0");
        assertThat(outcome.refused()).isEmpty();
    }

    private static QueueEntry publicEntry(String streamId, long id) {
        var draft = JournalEntries.draft(new ChatMessage(0, "u-1", "alice", 1, "general", "hi " + id, AUTHORED));
        return new QueueEntry(streamId, JournalEntries.PUBLIC, "{\"id\":" + id + "," + draft.substring(1));
    }

    private static QueueEntry privateEntry(String streamId, long id) {
        var draft = JournalEntries.draft(new PrivateMessage(0, "u-1", "alice", "u-2", "bob", "psst", AUTHORED));
        return new QueueEntry(streamId, JournalEntries.PRIVATE, "{\"id\":" + id + "," + draft.substring(1));
    }

    /** Refuses (as a constraint would) any batch holding a refused id; or is unreachable. */
    private static final class FakeStore implements MessageStore {
        final List<ChatMessage> publics = new ArrayList<>();
        final List<PrivateMessage> privates = new ArrayList<>();
        final Set<Long> refusedIds = new java.util.HashSet<>();
        boolean unreachable;
        int inserts;

        @Override
        public void insertPublic(List<ChatMessage> batch) {
            check(batch.stream().map(ChatMessage::id).toList());
            inserts++;
            publics.addAll(batch);
        }

        @Override
        public void insertPrivate(List<PrivateMessage> batch) {
            check(batch.stream().map(PrivateMessage::id).toList());
            inserts++;
            privates.addAll(batch);
        }

        private void check(List<Long> ids) {
            if (unreachable) {
                throw new StoreException("down", new SQLException("connection refused", "08001"));
            }
            if (ids.stream().anyMatch(refusedIds::contains)) {
                throw new StoreException("refused", new SQLException("value too long", "22001"));
            }
        }

        @Override
        public List<ChatMessage> insertNewPublic(List<ChatMessage> drafts) {
            throw new UnsupportedOperationException(); // the flusher stores queued messages, which have ids
        }

        @Override
        public List<PrivateMessage> insertNewPrivate(List<PrivateMessage> drafts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void raiseIdSequences() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChatMessage> recentPublic(int limit) {
            return List.of();
        }

        @Override
        public List<PrivateMessage> recentPrivate(String userId, int limit) {
            return List.of();
        }

        @Override
        public List<ChatMessage> publicAfter(long afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PrivateMessage> privateAfter(String userId, long afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChatMessage> channelBefore(long channelId, long beforeId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PrivateMessage> conversationBefore(String userId, String otherId, long beforeId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<ChatMessage> search(MessageQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> deletePublic(Collection<Long> ids, Collection<Long> alsoDeleted, Instant deletedAt) {
            return List.of();
        }

        @Override
        public Optional<Instant> newestAuthoredAt(long atOrBelow) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<EditedMessage> editedSince(long atOrBelow, Instant since, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> deletedSince(long atOrBelow, Instant since, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ChatMessage> findPublic(long id) {
            return Optional.empty();
        }

        @Override
        public int editPublic(Collection<MessageEdit> edits) {
            return 0;
        }

        @Override
        public int deleteChannel(long channelId) {
            return 0;
        }

        @Override
        public long maxPublicId() {
            return 0;
        }

        @Override
        public long maxPrivateId() {
            return 0;
        }
    }
}
