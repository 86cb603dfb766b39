package io.onrabble.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own on a free port, persisting with appendonly and
 * appendfsync always (the strictest setting in docs/operations.md), which the test may stop
 * and start again on the same port and data directory. The shared Redis is never touched.
 */
public final class PrivateRedis implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private PrivateRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static PrivateRedis start() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var redis = new PrivateRedis(port, Files.createTempDirectory("onrabble-redis"));
        redis.startAgain();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void startAgain() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (var socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    /**
     * Kills the server and starts a fresh one on the same port without its data, as a wiped volume,
     * a replica promoted without the last writes or {@code appendonly no} would leave it.
     */
    public void restartEmpty() throws IOException, InterruptedException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .filter(path -> !path.equals(dir) && !path.getFileName().toString().equals("redis.log"))
                    .forEach(path -> path.toFile().delete());
        }
        startAgain();
    }

    /** Stops the server at once (SIGKILL): whatever it acknowledged is in its append-only file. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
