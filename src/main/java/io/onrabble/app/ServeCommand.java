package io.onrabble.app;

import picocli.CommandLine.Command;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "serve", description = "Run the server (the default). Settings come from ONRABBLE_* environment variables.")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        var server = OnRabbleServer.start(Config.fromEnv(System.getenv()));
        var stopped = new CountDownLatch(1);
        var closing = new AtomicBoolean();
        Runnable stop = () -> {
            if (closing.compareAndSet(false, true)) {
                try {
                    server.close();
                } finally {
                    stopped.countDown();
                }
            } else {
                awaitQuietly(stopped); // a second stop waits for the first, so the JVM never halts mid-flush
            }
        };
        // SIGTERM and SIGINT stop gracefully and exit 0; left to shutdown hooks alone, the JVM would exit 143.
        for (var name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("shutdown").start(stop));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown-hook"));
        stopped.await();
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
