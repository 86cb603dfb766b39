package io.onrabble.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs blocking work (JDBC, Valkey, JWKS fetches) on virtual threads and hands the result back to the event loop. */
public final class Blocking implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ExecutorService executor() {
        return executor;
    }

    /** Runs {@code work} off the event loop; the future completes on {@code context}. */
    public <T> Future<T> call(Context context, Callable<T> work) {
        Promise<T> promise = Promise.promise();
        executor.execute(() -> {
            try {
                var result = work.call();
                context.runOnContext(v -> promise.complete(result));
            } catch (Exception e) {
                context.runOnContext(v -> promise.fail(e));
            }
        });
        return promise.future();
    }

    @Override
    public void close() {
        executor.close();
    }
}
