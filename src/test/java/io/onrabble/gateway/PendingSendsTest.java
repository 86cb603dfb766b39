package io.onrabble.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ordering of one connection's answers while several of its sends commit at once. */
@Tag("fast")
class PendingSendsTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    /** What the gateway adds: an answer that waits for its commit, then "acks". */
    private Runnable answer(String name, CompletableFuture<?> commit) {
        return () -> {
            commit.join();
            answered.add(name);
        };
    }

    @Test
    void answersKeepTheOrderOfTheSendsWhenTheirCommitsFinishInReverse() {
        var pending = new PendingSends(executor, 8);
        var first = new CompletableFuture<Void>();
        var second = new CompletableFuture<Void>();
        var third = new CompletableFuture<Void>();
        pending.add(answer("first", first));
        pending.add(answer("second", second));
        pending.add(answer("third", third));

        third.complete(null);
        second.complete(null);
        await().during(200, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS).until(answered::isEmpty);

        first.complete(null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> answered.size() == 3);
        assertThat(answered).containsExactly("first", "second", "third");
    }

    @Test
    void aSendRefusedAtOnceIsAnsweredAfterTheEarlierSendsNotBeforeThem() {
        var pending = new PendingSends(executor, 8);
        var committing = new CompletableFuture<Void>();
        pending.add(answer("ack 1", committing));
        pending.add(() -> answered.add("error 2"));
        pending.add(answer("ack 3", CompletableFuture.completedFuture(null)));
        await().during(200, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS).until(answered::isEmpty);

        committing.complete(null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> answered.size() == 3);
        assertThat(answered).containsExactly("ack 1", "error 2", "ack 3");
    }

    @Test
    void withDepthSendsPendingTheNextWaitsUntilTheOldestIsAnswered() {
        var pending = new PendingSends(executor, 2);
        var first = new CompletableFuture<Void>();
        pending.add(answer("first", first));
        pending.add(answer("second", CompletableFuture.completedFuture(null)));

        var third = CompletableFuture.runAsync(() -> pending.add(answer("third", CompletableFuture.completedFuture(null))),
                executor);
        await().during(200, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS).until(() -> !third.isDone());

        first.complete(null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> third.isDone() && answered.size() == 3);
        assertThat(answered).containsExactly("first", "second", "third");
    }

    @Test
    void awaitingTheAnswersReturnsOnlyOnceEverySendSoFarIsAnswered() {
        var pending = new PendingSends(executor, 4);
        var commit = new CompletableFuture<Void>();
        pending.add(answer("send", commit));

        var barrier = CompletableFuture.runAsync(() -> {
            pending.awaitAnswered();
            answered.add("presence page");
        }, executor);
        await().during(200, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS).until(() -> !barrier.isDone());

        commit.complete(null);
        await().atMost(5, TimeUnit.SECONDS).until(barrier::isDone);
        assertThat(answered).containsExactly("send", "presence page");
    }
}
