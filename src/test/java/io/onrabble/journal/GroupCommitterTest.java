package io.onrabble.journal;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class GroupCommitterTest {
    /** A connection with several sends queued: they are written in its order, a batch after the one before it. */
    @Test
    void itemsSubmittedWithoutWaitingAreWrittenInTheirOrderOneBatchAfterAnother() throws Exception {
        var firstBatchHeld = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var written = new CopyOnWriteArrayList<String>();
        var writing = new AtomicInteger();
        var overlapped = new AtomicBoolean();
        try (var committer = GroupCommitter.<String, String>start("test-committer", batch -> {
            overlapped.compareAndSet(false, writing.incrementAndGet() > 1);
            if (batch.contains("0")) {
                firstBatchHeld.countDown();
                await(release);
            }
            written.addAll(batch);
            writing.decrementAndGet();
            return batch.stream().map(item -> item + " committed").toList();
        }, 16, 100, took -> { })) {
            var first = committer.submit("0");
            assertThat(firstBatchHeld.await(5, TimeUnit.SECONDS)).isTrue();
            var rest = IntStream.range(1, 40).mapToObj(i -> committer.submit(String.valueOf(i))).toList();
            assertThat(first).isNotDone();

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("0 committed");
            assertThat(rest.getLast().get(5, TimeUnit.SECONDS)).isEqualTo("39 committed");
        }
        assertThat(written).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(String::valueOf).toList());
        assertThat(overlapped).isFalse();
    }

    /** Many connections' sends filling the queue: the next sender waits for room instead of being refused. */
    @Test
    void aSenderFindingTheQueueFullWaitsForRoomAndIsCommitted() throws Exception {
        var firstBatchHeld = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var committer = GroupCommitter.<String, String>start("test-committer", batch -> {
            if (batch.contains("held")) {
                firstBatchHeld.countDown();
                await(release);
            }
            return batch;
        }, 16, 1, took -> { })) {
            var held = committer.submit("held");
            assertThat(firstBatchHeld.await(5, TimeUnit.SECONDS)).isTrue();
            var queued = committer.submit("queued"); // the one place in the queue
            var late = CompletableFuture.supplyAsync(() -> committer.submit("late"));

            // waiting for room, not refused (a refusal would complete it at once)
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !late.isDone());
            release.countDown();
            assertThat(late.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS)).isEqualTo("late");
            assertThat(held).isCompletedWithValue("held");
            assertThat(queued).isCompletedWithValue("queued");
        }
    }

    @Test
    void aBatchThatFailsFailsEachOfItsItemsAsUnavailable() {
        try (var committer = GroupCommitter.<String, String>start("test-committer", batch -> {
            throw new IllegalStateException("disk full");
        }, 16, 100, took -> { })) {
            assertThat(committer.submit("lost")).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOf(JournalUnavailableException.class).withMessageContaining("disk full");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
