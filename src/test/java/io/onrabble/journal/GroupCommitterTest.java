package io.onrabble.journal;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class GroupCommitterTest {
    @Test
    void withTwoWritersASendDoesNotWaitForTheBatchBeforeItToCommit() throws Exception {
        var firstBatchHeld = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var committer = GroupCommitter.<String, String>start("test-committer", batch -> {
            if (batch.contains("slow")) {
                firstBatchHeld.countDown();
                await(release);
            }
            return batch.stream().map(item -> item + " committed").toList();
        }, 16, 100, took -> { }, 2)) {
            var slow = CompletableFuture.supplyAsync(() -> committer.commit("slow"));
            assertThat(firstBatchHeld.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(committer.commit("quick")).isEqualTo("quick committed");
            assertThat(slow).isNotDone();

            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow committed");
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
