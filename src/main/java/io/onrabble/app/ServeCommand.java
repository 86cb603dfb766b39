package io.onrabble.app;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Run the server (the default). Settings come from ONRABBLE_* environment variables.")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        var server = OnRabbleServer.start(Config.fromEnv(System.getenv()));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
