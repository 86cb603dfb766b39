package io.onrabble.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One connection's inbound queue: order, busy state, and a failing task. */
@Tag("fast")
class SerialQueueTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheTasksAfterIt() {
        var ran = new CopyOnWriteArrayList<Integer>();
        var queue = new SerialQueue(executor, 100, () -> { });
        queue.submit(() -> ran.add(1));
        queue.submit(() -> {
            throw new IllegalStateException("a bug in one handler");
        });
        queue.submit(() -> ran.add(3));
        await().until(() -> ran.size() == 2);
        assertThat(ran).containsExactly(1, 3);
    }

    @Test
    void isBusyFromTheHighWaterUntilHalfOfItIsLeftAndSaysSoAtEachChange() throws Exception {
        var gate = new CountDownLatch(1);
        var changes = new AtomicInteger();
        var seen = new CopyOnWriteArrayList<Boolean>();
        var queue = new SerialQueue(executor, 4, () -> changes.incrementAndGet());
        queue.submit(() -> waitFor(gate));
        queue.submit(() -> seen.add(true));
        queue.submit(() -> seen.add(true));
        assertThat(queue.busy()).isFalse();
        queue.submit(() -> seen.add(true));
        queue.submit(() -> seen.add(true)); // four waiting behind the blocked first task
        assertThat(queue.busy()).isTrue();
        assertThat(changes).hasValue(1);
        gate.countDown();
        await().until(() -> seen.size() == 4);
        assertThat(queue.busy()).isFalse();
        assertThat(changes).hasValue(2);
    }

    @Test
    void runsTasksInTheOrderTheyWereSubmitted() {
        var ran = new CopyOnWriteArrayList<Integer>();
        var queue = new SerialQueue(executor, 8, () -> { });
        for (int i = 0; i < 1000; i++) {
            int n = i;
            queue.submit(() -> ran.add(n));
        }
        await().until(() -> ran.size() == 1000);
        assertThat(ran).isEqualTo(IntStream.range(0, 1000).boxed().toList());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
