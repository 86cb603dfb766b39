package io.onrabble.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Debian's Caddy running {@code deploy/caddy/Caddyfile.dev} on random loopback ports (admin
 * endpoint off) in front of the given upstreams, with its state (the internal CA) in a temporary
 * home of its own. Clients trust that CA: {@link #client(InetAddress)}.
 */
public final class Caddy implements AutoCloseable {
    public static final Path DEV_CADDYFILE = Path.of("deploy/caddy/Caddyfile.dev").toAbsolutePath();
    /** The chat site's name here: the JDK resolves localhost, not chat.localhost (the compose stack's default). */
    public static final String HOST = "localhost";

    private final Path home;
    private final int httpsPort;
    private final Process process;
    private SSLContext trust;

    private Caddy(Path home, int httpsPort, Process process) {
        this.home = home;
        this.httpsPort = httpsPort;
        this.process = process;
    }

    /**
     * Starts Caddy on {@code httpsPort} (from {@link #freePort()}, chosen first so the nodes can be told
     * their public URL) in front of the nodes on {@code upstreamPorts}, probing their /readyz every
     * {@code healthInterval}.
     */
    public static Caddy startDev(int httpsPort, List<Integer> upstreamPorts, String healthInterval) throws Exception {
        var home = Files.createTempDirectory("onrabble-caddy");
        var env = new HashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("CADDY_ADMIN", "off");
        env.put("CADDY_BIND", "127.0.0.1");
        env.put("CADDY_HTTP_PORT", Integer.toString(freePort()));
        env.put("CADDY_HTTPS_PORT", Integer.toString(httpsPort));
        env.put("CADDY_ACCESS_LOG", "file " + home.resolve("access.log"));
        env.put("ONRABBLE_CHAT_HOST", HOST);
        env.put("KEYCLOAK_UPSTREAM", "127.0.0.1:" + freePort());
        env.put("ONRABBLE_UPSTREAMS", upstreamPorts.stream().map(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(" ")));
        env.put("ONRABBLE_HEALTH_INTERVAL", healthInterval);
        var builder = new ProcessBuilder("caddy", "run", "--adapter", "caddyfile", "--config", DEV_CADDYFILE.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("caddy.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(env);
        var caddy = new Caddy(home, httpsPort, builder.start());
        try {
            caddy.awaitServing();
        } catch (RuntimeException | Error e) {
            caddy.close();
            throw e;
        }
        return caddy;
    }

    private void awaitServing() {
        var root = home.resolve("data/caddy/pki/authorities/local/root.crt");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("caddy exited: " + log());
            }
            trust = trusting(root);
            return client(InetAddress.getLoopbackAddress()).send(HttpRequest.newBuilder(https("/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        });
    }

    private static SSLContext trusting(Path rootCertificate) throws Exception {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(rootCertificate)) {
            store.setCertificateEntry("caddy-local-root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** An HTTPS and WebSocket client that trusts Caddy's CA and connects from {@code localAddress}. */
    public HttpClient client(InetAddress localAddress) {
        return HttpClient.newBuilder().sslContext(trust).localAddress(localAddress)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI https(String pathAndQuery) {
        return URI.create(publicUrl(httpsPort) + pathAndQuery);
    }

    public URI wss(String pathAndQuery) {
        return URI.create("wss://" + HOST + ":" + httpsPort + pathAndQuery);
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** What Caddy wrote to its access log so far. */
    public String accessLog() throws IOException {
        var file = home.resolve("access.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    public String log() throws IOException {
        return Files.readString(home.resolve("caddy.log"));
    }

    /** The public URL of the chat site on {@code httpsPort}: what the nodes behind Caddy set as ONRABBLE_PUBLIC_URL. */
    public static String publicUrl(int httpsPort) {
        return "https://" + HOST + ":" + httpsPort;
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
