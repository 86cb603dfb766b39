package io.onrabble.app;

import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start-up validates first, starts nothing on a bad setting, and undoes what it started when a later step fails. */
class StartupTest {
    @TempDir
    Path temp;
    private TestPostgres postgres;
    private TestValkey valkey;
    private Path dataDir;

    @BeforeEach
    void resources() {
        postgres = TestPostgres.create();
        valkey = TestValkey.shared();
        dataDir = temp.resolve("data");
    }

    @AfterEach
    void dispose() {
        valkey.close();
        postgres.close();
    }

    @Test
    void aBadSettingNamesTheVariableAndNothingIsStarted() throws Exception {
        int port = freePort();
        var env = fullDeployment(port);
        env.put("ONRABBLE_HTTP_HOST", "0.0.0.0"); // the development issuer must not face a network

        assertThatThrownBy(() -> OnRabbleServer.start(Config.fromEnv(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_HTTP_HOST").hasMessageContaining("loopback");

        assertNothingStarted(port);
    }

    @Test
    void aBadUrlIsRefusedBeforeTheDatabaseIsOpened() throws Exception {
        int port = freePort();
        var env = fullDeployment(port);
        env.put("ONRABBLE_OIDC_ISSUERS", "https://id.example.com/realms/x");
        env.put("ONRABBLE_PUBLIC_URL", "chat.example.com");

        assertThatThrownBy(() -> OnRabbleServer.start(Config.fromEnv(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_PUBLIC_URL");

        assertNothingStarted(port);
    }

    @Test
    void aPortInUseClosesTheDatabaseStopsTheJournalAndLetsGoOfValkey() throws Exception {
        var before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var env = fullDeployment(taken.getLocalPort());

            assertThatThrownBy(() -> OnRabbleServer.start(Config.fromEnv(env))).isInstanceOf(BindException.class);
        }

        assertThat(tableExists("flyway_schema_history")).as("the database step ran").isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(connectionsTo(postgres.name())).as("open connections to the database").isZero();
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                    .filteredOn(thread -> !before.contains(thread))
                    .extracting(Thread::getName)
                    .filteredOn(StartupTest::startedByTheServer)
                    .as("threads the failed start left running").isEmpty();
        });
    }

    @Test
    void anEmbeddedStartThatFailsLateStopsItsWritersAndClosesSqlite() throws Exception {
        var before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var env = Map.of("ONRABBLE_DATA_DIR", dataDir.toString(),
                    "ONRABBLE_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(() -> OnRabbleServer.start(Config.fromEnv(env))).isInstanceOf(BindException.class);
        }

        assertThat(dataDir.resolve("onrabble.db")).as("the database step ran").exists();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive).filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName).filteredOn(StartupTest::startedByTheServer)
                .as("threads the failed start left running").isEmpty());
    }

    /** PostgreSQL, Valkey and the development issuer, each in a place of this test's own. */
    private Map<String, String> fullDeployment(int port) {
        var env = new HashMap<String, String>();
        env.put("ONRABBLE_HTTP_PORT", Integer.toString(port));
        env.put("ONRABBLE_DATA_DIR", dataDir.toString());
        env.put("ONRABBLE_DATABASE_URL", postgres.url());
        env.put("ONRABBLE_VALKEY_URL", TestValkey.SHARED_URL);
        env.put("ONRABBLE_VALKEY_PREFIX", valkey.prefix());
        return env;
    }

    private void assertNothingStarted(int port) throws Exception {
        assertThat(dataDir).as("data directory").doesNotExist();
        try (var ignored = new ServerSocket(port, 50, InetAddress.getByName("0.0.0.0"))) {
            // the port is still free
        }
        assertThat(connectionsTo(postgres.name())).as("open connections to the database").isZero();
        assertThat(tableExists("flyway_schema_history")).as("migrations ran").isFalse();
        assertThat(valkey.commands().keys(valkey.prefix() + "*")).as("Valkey keys written").isEmpty();
    }

    private static boolean startedByTheServer(String name) {
        return List.of("valkey-flusher", "public-writer", "private-writer", "vert.x-", "lettuce-", "sqlite", "postgresql")
                .stream().anyMatch(name::startsWith);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private boolean tableExists(String table) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://" + TestPostgres.HOST_PORT + "/" + postgres.name(),
                "postgres", null);
             var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static int connectionsTo(String database) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://" + TestPostgres.HOST_PORT + "/test", "postgres", null);
             var statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            statement.setString(1, database);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
