package io.onrabble.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each file under deploy/ checked by the tool that runs it (Debian's caddy, promtool, docker-compose,
 * systemd-analyze; scripts/test.sh installs them), plus what those tools leave unchecked: every
 * variable a compose file needs is in .env.example or README, every file it mounts exists, and no
 * secret is written into any of them. No Docker engine runs here, so the Dockerfile is checked by reading it.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("deploy").toAbsolutePath();
    private static final Path COMPOSE = DEPLOY.resolve("compose");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    private static final Pattern ONRABBLE_SETTING = Pattern.compile("\\b(ONRABBLE_[A-Z0-9_]+)\\b");

    @TempDir
    Path temp;

    @Test
    void caddyAcceptsBothCaddyfiles() throws Exception {
        for (var name : List.of("Caddyfile.dev", "Caddyfile.prod")) {
            var result = run(Map.of("HOME", temp.toString(), "XDG_DATA_HOME", temp.resolve("data").toString(),
                    "XDG_CONFIG_HOME", temp.resolve("config").toString()),
                    "caddy", "validate", "--adapter", "caddyfile", "--config", DEPLOY.resolve("caddy").resolve(name).toString());
            assertThat(result.status()).as(name + ": " + result.output()).isZero();
            assertThat(result.output()).contains("Valid configuration");
        }
    }

    @Test
    void promtoolAcceptsTheScrapeConfigAndTheAlertRules() throws Exception {
        // The config names its token file relative to itself: lay the files out as an operator does.
        Files.copy(DEPLOY.resolve("prometheus/prometheus.yml"), temp.resolve("prometheus.yml"));
        Files.copy(DEPLOY.resolve("prometheus/alerts.yml"), temp.resolve("alerts.yml"));
        Files.writeString(temp.resolve("onrabble-metrics-token"), "not-a-real-token\n");

        var config = run(Map.of(), "promtool", "check", "config", temp.resolve("prometheus.yml").toString());
        assertThat(config.status()).as(config.output()).isZero();
        assertThat(config.output()).contains("SUCCESS: 1 rule files found");
        var rules = run(Map.of(), "promtool", "check", "rules", DEPLOY.resolve("prometheus/alerts.yml").toString());
        assertThat(rules.status()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 7 rules found");
        assertThat(Files.readString(DEPLOY.resolve("prometheus/prometheus.yml")))
                .contains("credentials_file: onrabble-metrics-token");
    }

    @Test
    void theDevelopmentStackParsesAndNamesOnlyWhatExists() throws Exception {
        var file = COMPOSE.resolve("compose.dev.yml");
        var none = Files.writeString(temp.resolve("empty.env"), "");
        var withoutPassword = compose(Map.of(), file, none, "config", "-q");
        assertThat(withoutPassword.status()).isNotZero();
        assertThat(withoutPassword.output()).contains("KEYCLOAK_ADMIN_PASSWORD");

        var env = Map.of("KEYCLOAK_ADMIN_PASSWORD", "test-only");
        assertThat(compose(env, file, none, "config", "-q").status()).isZero();
        assertThat(lines(compose(env, file, none, "config", "--services").output()))
                .containsExactlyInAnyOrder("postgres", "valkey", "keycloak", "onrabble", "caddy");
        assertThat(lines(compose(env, file, none, "config", "--volumes").output()))
                .containsExactlyInAnyOrder("postgres-data", "valkey-data", "onrabble-data", "caddy-data", "caddy-config");
        assertThat(compose(env, file, none, "config").output())
                .contains("--appendfsync", "everysec", "/opt/keycloak/data/import/chatserver-realm-dev.json", "Caddyfile.dev");
        assertNamedFilesAndSettingsExist(file);
    }

    @Test
    void theProductionStackTakesEverySecretFromTheEnvFile() throws Exception {
        var file = COMPOSE.resolve("compose.prod.yml");
        var example = COMPOSE.resolve(".env.example");
        var keys = envKeys(example);
        // Every variable the stack reads is one .env.example lists, and .env.example holds no secret.
        assertThat(keys).containsAll(variablesIn(file));
        for (var line : Files.readAllLines(example)) {
            if (line.matches("[A-Z_]*(PASSWORD|TOKEN)[A-Z_]*=.*")) {
                assertThat(line).as("a secret in .env.example").endsWith("=");
            }
        }
        var empty = compose(Map.of(), file, Files.writeString(temp.resolve("empty.env"), ""), "config", "-q");
        assertThat(empty.status()).as("the stack refuses to start with secrets unset").isNotZero();

        var filled = temp.resolve("filled.env");
        Files.writeString(filled, Files.readString(example).replaceAll("(?m)=$", "=test-only-value"));
        var config = compose(Map.of(), file, filled, "config");
        assertThat(config.status()).as(config.output()).isZero();
        assertThat(lines(compose(Map.of(), file, filled, "config", "--services").output()))
                .containsExactlyInAnyOrder("onrabble-1", "onrabble-2", "postgres", "valkey", "keycloak-postgres",
                        "keycloak", "caddy");
        assertThat(lines(compose(Map.of(), file, filled, "config", "--volumes").output()))
                .containsExactlyInAnyOrder("onrabble-1-data", "onrabble-2-data", "postgres-data", "valkey-data",
                        "keycloak-postgres-data", "caddy-data", "caddy-config");
        assertThat(config.output()).contains("ONRABBLE_UPSTREAMS: onrabble-1:8080 onrabble-2:8080",
                "restart: unless-stopped", "mem_limit", "healthcheck", "nofile: 262144");
        assertNamedFilesAndSettingsExist(file);
        // No password or token is written into the compose file itself: each comes from a variable.
        for (var line : Files.readAllLines(file)) {
            if (line.matches("\\s*[A-Z_]*(PASSWORD|TOKEN)[A-Z_]*:.*")) {
                assertThat(line).as("a secret in compose.prod.yml").contains("${");
            }
        }
    }

    @Test
    void systemdAcceptsTheUnitAndItsHardening() throws Exception {
        var unit = DEPLOY.resolve("systemd/onrabble.service").toString();
        var verify = run(Map.of(), "systemd-analyze", "verify", unit);
        assertThat(verify.status()).as(verify.output()).isZero();
        assertThat(verify.output()).as("warnings of systemd-analyze verify").isBlank();

        var security = run(Map.of(), "systemd-analyze", "security", "--offline=yes", "--no-pager", unit);
        var level = Pattern.compile("Overall exposure level for onrabble.service: ([0-9.]+)").matcher(security.output());
        assertThat(level.find()).as(security.output()).isTrue();
        assertThat(Double.parseDouble(level.group(1))).as("exposure (0 safe .. 10 exposed)").isLessThan(4.0);
        assertThat(Files.readString(Path.of(unit))).contains("LimitNOFILE=262144", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ReadWritePaths=/var/lib/onrabble", "EnvironmentFile=/etc/onrabble/onrabble.env");
    }

    @Test
    void theImageBuildsTheShadedJarAndRunsItAsAnUnprivilegedUser() throws Exception {
        var dockerfile = Files.readString(Path.of("Dockerfile"));
        var runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-21 AS build");
        assertThat(runtime).startsWith("\nFROM eclipse-temurin:21-jre")
                .contains("USER onrabble", "VOLUME [\"/data\"]", "HEALTHCHECK", "/healthz", "-XX:MaxRAMPercentage=",
                        "ENTRYPOINT [\"java\"", "STOPSIGNAL SIGTERM");
        // The jar the image copies is the one the pom's shade plugin writes.
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>onrabble-server</finalName>");
        assertThat(dockerfile).contains("/src/target/onrabble-server.jar");
        // What the build stage copies is what .dockerignore lets into the context.
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("*", "!pom.xml", "!src/main/");
        assertThat(dockerfile).contains("COPY pom.xml .", "COPY src/main ./src/main");
    }

    /** Files the stack mounts from the repository exist; every ONRABBLE_ setting it sets is one README documents. */
    private static void assertNamedFilesAndSettingsExist(Path composeFile) throws IOException {
        var text = Files.readString(composeFile);
        var mounted = Pattern.compile("- (\\.\\./[^:\\s]+):").matcher(text);
        var count = 0;
        while (mounted.find()) {
            assertThat(COMPOSE.resolve(mounted.group(1)).normalize()).as(mounted.group(1)).exists();
            count++;
        }
        assertThat(count).isPositive();
        assertThat(COMPOSE.resolve("../../Dockerfile").normalize()).exists();
        var readme = Files.readString(Path.of("README.md"));
        var settings = new TreeSet<String>();
        var matcher = ONRABBLE_SETTING.matcher(text.replaceAll("#.*", ""));
        while (matcher.find()) {
            settings.add(matcher.group(1));
        }
        settings.remove("ONRABBLE_UPSTREAMS"); // Caddy's, read by the Caddyfiles
        settings.remove("ONRABBLE_HEALTH_INTERVAL");
        settings.remove("ONRABBLE_CHAT_HOST");
        settings.remove("ONRABBLE_KEYCLOAK_HOST");
        settings.remove("ONRABBLE_IMAGE"); // the compose variable naming the image
        assertThat(settings).isNotEmpty().allSatisfy(name ->
                assertThat(readme).as("README documents " + name).contains("| `" + name + "` |"));
    }

    private static Set<String> variablesIn(Path file) throws IOException {
        var names = new TreeSet<String>();
        var matcher = COMPOSE_VARIABLE.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> envKeys(Path file) throws IOException {
        var keys = new TreeSet<String>();
        for (var line : Files.readAllLines(file)) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                keys.add(line.substring(0, line.indexOf('=')));
            }
        }
        return keys;
    }

    private static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** docker-compose on {@code file} with only {@code envFile} as its .env (an operator's own .env never interferes). */
    private Result compose(Map<String, String> env, Path file, Path envFile, String... args) throws Exception {
        var command = new ArrayList<>(List.of("docker-compose", "--project-directory", COMPOSE.toString(),
                "-f", file.toString(), "--env-file", envFile.toString()));
        command.addAll(List.of(args));
        return run(env, command.toArray(String[]::new));
    }

    record Result(int status, String output) {
    }

    /** Runs a tool with only PATH and {@code env} in its environment; stdout and stderr together. */
    private Result run(Map<String, String> env, String... command) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).directory(temp.toFile());
        var environment = new HashMap<String, String>();
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", temp.toString());
        environment.putAll(env);
        builder.environment().clear();
        builder.environment().putAll(environment);
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
