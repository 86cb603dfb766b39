package io.onrabble.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A real Keycloak for integration tests, shared by the whole test JVM.
 *
 * <p>{@link #start()} takes the {@code org.keycloak:keycloak-quarkus-dist} zip from the local Maven
 * repository (fetching it with {@code mvn dependency:get} if missing), unpacks it once under
 * {@code java.io.tmpdir}, imports every {@code deploy/keycloak/*-dev.json} realm and runs
 * {@code kc.sh start-dev} on free loopback ports with an in-memory database, so every JVM gets fresh
 * realms. The issuer is pinned to {@code http://127.0.0.1:<port>} whatever host name a request used.
 * Keycloak's output goes to {@link #logFile()}.
 *
 * <p>System properties: {@code keycloak.version} (default {@value #DEFAULT_VERSION}),
 * {@code onrabble.keycloak.realms} (directory of realm files, default: {@code deploy/keycloak} found
 * from the working directory upwards), {@code onrabble.keycloak.accessTokenLifespan} (seconds),
 * {@code onrabble.keycloak.startTimeoutSeconds} (default 300).
 */
public final class KeycloakServer {

    public static final String DEFAULT_VERSION = "26.4.7";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String LOOPBACK = "127.0.0.1";

    private record Running(Process process, String baseUrl, Path home, Path log, boolean privateHome) {}

    private static volatile Running running;
    private static boolean hookRegistered;
    private static FileChannel sharedHomeLock;

    private KeycloakServer() {}

    /** Starts Keycloak unless this JVM already runs it; blocks until every dev realm answers. */
    public static synchronized void start() {
        if (running != null && running.process().isAlive()) {
            return;
        }
        try {
            running = launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Keycloak", e);
        }
    }

    /** Stops Keycloak (its whole process tree); {@link #start()} may be called again afterwards. */
    public static synchronized void stop() {
        var r = running;
        running = null;
        if (r != null) {
            kill(r);
        }
    }

    /** Not synchronized: the shutdown hook must not wait for a {@link #start()} that is still waiting. */
    private static void kill(Running r) {
        var tree = new ArrayList<ProcessHandle>(r.process().descendants().toList());
        tree.add(r.process().toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (var p : tree) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        if (r.privateHome()) {
            deleteTree(r.home());
        }
    }

    /** {@code http://127.0.0.1:<port>}, without trailing slash. */
    public static String baseUrl() {
        return current().baseUrl();
    }

    /** The {@code iss} of tokens from {@code realm}, e.g. {@code http://127.0.0.1:41234/realms/Chatserver}. */
    public static String issuerUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public static Path logFile() {
        return current().log();
    }

    /** An access token from the resource-owner password grant (the client must allow direct access grants). */
    public static String passwordToken(String realm, String clientId, String user, String password) {
        var body = form(Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password, "scope", "openid"));
        var response = send(HttpRequest.newBuilder(URI.create(issuerUrl(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 200);
        return readJson(response).path("access_token").asText();
    }

    /**
     * Adds a generated RS256 key to {@code realm} with a priority above every existing key, so tokens
     * minted from now on are signed with it (the old keys stay in the JWKS). Returns the new {@code kid}.
     */
    public static String addRealmKey(String realm) {
        var admin = "Bearer " + passwordToken("master", "admin-cli", ADMIN_USER, ADMIN_PASSWORD);
        var keysUrl = URI.create(baseUrl() + "/admin/realms/" + realm + "/keys");
        var keys = readJson(send(HttpRequest.newBuilder(keysUrl).header("Authorization", admin).build(), 200));
        long priority = 100;
        for (var key : keys.path("keys")) {
            priority = Math.max(priority, key.path("providerPriority").asLong() + 100);
        }
        var component = JSON.createObjectNode()
                .put("name", "rsa-test-" + System.nanoTime())
                .put("providerId", "rsa-generated")
                .put("providerType", "org.keycloak.keys.KeyProvider");
        var config = component.putObject("config");
        config.putArray("priority").add(Long.toString(priority));
        config.putArray("algorithm").add("RS256");
        config.putArray("keySize").add("2048");
        var created = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms/" + realm + "/components"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(component.toString())).build(), 201);
        var location = created.headers().firstValue("Location").orElseThrow();
        var componentId = location.substring(location.lastIndexOf('/') + 1);
        keys = readJson(send(HttpRequest.newBuilder(keysUrl).header("Authorization", admin).build(), 200));
        for (var key : keys.path("keys")) {
            if (componentId.equals(key.path("providerId").asText()) && "RS256".equals(key.path("algorithm").asText())) {
                return key.path("kid").asText();
            }
        }
        throw new IllegalStateException("new key of component " + componentId + " not listed in " + keys);
    }

    // ---------------------------------------------------------------- launching

    private static Running launch() throws IOException, InterruptedException {
        var version = System.getProperty("keycloak.version", DEFAULT_VERSION);
        var realmFiles = devRealmFiles();
        var zip = distZip(version);

        // One shared unpacked copy; a second JVM running at the same time gets a private copy.
        var tmp = Path.of(System.getProperty("java.io.tmpdir"));
        var home = tmp.resolve("onrabble-keycloak-" + version);
        var privateHome = !lockSharedHome(tmp.resolve("onrabble-keycloak-" + version + ".lock"));
        if (privateHome) {
            home = tmp.resolve("onrabble-keycloak-" + version + "-" + ProcessHandle.current().pid());
        }
        unpackOnce(zip, home);

        var importDir = Files.createDirectories(home.resolve("data/import"));
        try (var old = Files.list(importDir)) {
            for (var f : old.toList()) {
                Files.delete(f);
            }
        }
        var realms = new ArrayList<String>();
        for (var f : realmFiles) {
            Files.copy(f, importDir.resolve(f.getFileName()));
            realms.add(JSON.readTree(f.toFile()).path("realm").asText());
        }

        int port = freePort();
        var baseUrl = "http://" + LOOPBACK + ":" + port;
        var log = home.resolve("onrabble-keycloak.log");
        var pb = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--db=dev-mem",
                "--http-host=" + LOOPBACK, "--http-port=" + port,
                "--http-management-port=" + freePort(), "--health-enabled=true",
                "--hostname=" + baseUrl,
                "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        var env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // java.lang opens silences a JDK 25 jboss-threads error at shutdown; C1 only starts faster and smaller.
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED -XX:TieredStopAtLevel=1");
        var lifespan = System.getProperty("onrabble.keycloak.accessTokenLifespan");
        if (lifespan != null) {
            env.put("ONRABBLE_KC_ACCESS_TOKEN_LIFESPAN", lifespan); // placeholder in the dev realm files
        }

        var process = pb.start();
        var r = new Running(process, baseUrl, home, log, privateHome);
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                var last = running;
                if (last != null) {
                    kill(last);
                }
            }, "keycloak-stop"));
            hookRegistered = true;
        }
        running = r;
        try {
            awaitRealms(r, realms);
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
        return r;
    }

    private static void awaitRealms(Running r, List<String> realms) throws InterruptedException {
        var timeout = Duration.ofSeconds(Long.getLong("onrabble.keycloak.startTimeoutSeconds", 300));
        var deadline = System.nanoTime() + timeout.toNanos();
        var pending = new ArrayList<>(realms);
        while (!pending.isEmpty()) {
            if (!r.process().isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + r.process().exitValue() + "\n" + tail(r.log()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak not ready after " + timeout + "\n" + tail(r.log()));
            }
            pending.removeIf(realm -> answers(r.baseUrl() + "/realms/" + realm + "/.well-known/openid-configuration"));
            if (!pending.isEmpty()) {
                Thread.sleep(250);
            }
        }
    }

    private static boolean answers(String url) {
        try {
            var req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code deploy/keycloak/*-dev.json}, looked up from the working directory upwards. */
    private static List<Path> devRealmFiles() throws IOException {
        var configured = System.getProperty("onrabble.keycloak.realms");
        Path dir = configured != null ? Path.of(configured) : null;
        for (var d = Path.of("").toAbsolutePath(); dir == null && d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy/keycloak"))) {
                dir = d.resolve("deploy/keycloak");
            }
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/keycloak not found from " + Path.of("").toAbsolutePath());
        }
        try (var files = Files.list(dir)) {
            var list = files.filter(f -> f.getFileName().toString().endsWith("-dev.json")).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no *-dev.json realm files in " + dir);
            }
            return list;
        }
    }

    private static Path distZip(String version) throws IOException, InterruptedException {
        var repo = Path.of(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        var zip = repo.resolve("org/keycloak/keycloak-quarkus-dist/" + version
                + "/keycloak-quarkus-dist-" + version + ".zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        var log = Files.createTempFile("onrabble-keycloak-fetch", ".log");
        var pb = new ProcessBuilder("mvn", "-q", "-B", "dependency:get",
                "-Dmaven.repo.local=" + repo,
                "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + version + ":zip")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        int exit = pb.start().waitFor();
        if (exit != 0 || !Files.isRegularFile(zip)) {
            throw new IllegalStateException("mvn dependency:get of Keycloak " + version + " failed (" + exit + ")\n" + tail(log));
        }
        Files.delete(log);
        return zip;
    }

    /** Unpacks the zip's single top folder into {@code home}, unless a previous run completed that. */
    private static void unpackOnce(Path zip, Path home) throws IOException {
        var marker = home.resolve(".onrabble-unpacked");
        if (Files.exists(marker)) {
            return;
        }
        deleteTree(home);
        var staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking");
        try (var zf = new ZipFile(zip.toFile())) {
            for (var entries = zf.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                var name = entry.getName();
                var relative = name.substring(name.indexOf('/') + 1); // drop "keycloak-<version>/"
                var target = staging.resolve(relative).normalize();
                if (relative.isEmpty() || !target.startsWith(staging)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (var in = zf.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(marker);
    }

    /** True if this JVM now owns the shared unpacked copy (held until the JVM exits). */
    private static boolean lockSharedHome(Path lockFile) throws IOException {
        if (sharedHomeLock != null) {
            return true;
        }
        var channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return false;
        }
        sharedHomeLock = channel;
        return true;
    }

    // ---------------------------------------------------------------- small helpers

    private static Running current() {
        var r = running;
        if (r == null) {
            throw new IllegalStateException("KeycloakServer.start() has not been called");
        }
        return r;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> send(HttpRequest request, int expectedStatus) {
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> "
                        + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            var all = lines.toList();
            return "--- last lines of " + log + ":\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
