package io.onrabble.testing;

import io.onrabble.auth.DevIssuer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The server in a process of its own, for what an in-process server cannot show: SIGKILL
 * ({@link #kill()}) and SIGTERM ({@link #terminate()}). It runs from the test's own class path;
 * its output goes to {@code child.log} in its data directory.
 */
public final class ChildServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    private final List<String> launcher;
    private Process process;

    private ChildServer(Path dataDir, Map<String, String> env, int port, List<String> launcher) {
        this.dataDir = dataDir;
        this.env = env;
        this.port = port;
        this.launcher = launcher;
    }

    /** Starts a server; {@code settings} are ONRABBLE_* variables without the prefix. */
    public static ChildServer start(Path dataDir, Map<String, String> settings) throws IOException {
        return start(dataDir, settings, List.of());
    }

    /** Starts a server through {@code launcher} (e.g. {@code taskset -c 0}, to pin it to one core). */
    public static ChildServer start(Path dataDir, Map<String, String> settings, List<String> launcher) throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var env = new HashMap<String, String>();
        settings.forEach((name, value) -> env.put("ONRABBLE_" + name, value));
        env.put("ONRABBLE_DATA_DIR", dataDir.toString());
        env.put("ONRABBLE_HTTP_PORT", Integer.toString(port));
        var child = new ChildServer(dataDir, env, port, launcher);
        child.startAgain();
        return child;
    }

    /** Starts the process again with the same settings, port and data directory. */
    public void startAgain() throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(launcher);
        command.addAll(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.onrabble.app.Main", "serve"));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("child.log").toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "; see " + dataDir.resolve("child.log"));
            }
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The exit status once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, then waits for the process to exit; returns how long that took. */
    public Duration terminate() throws InterruptedException {
        var started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit within 60 s of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI wsUri(String username) throws IOException {
        return URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token(username));
    }

    public String token(String username) throws IOException {
        return DevIssuer.loadOrCreate(dataDir, "http://127.0.0.1:" + port).issue(username, false, "ChatClient", Duration.ofHours(1));
    }

    /** CPU time the server process has used so far (user + system), to tell a saturated server from an idle one. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public int port() {
        return port;
    }

    /** The status of {@code GET path}, or -1 when the server did not answer within {@code timeout}. */
    public int status(String path, Duration timeout) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
