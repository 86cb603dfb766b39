package io.onrabble.store;

import com.nimbusds.jwt.SignedJWT;
import io.onrabble.app.ConfigException;
import io.onrabble.auth.IssuerNamespace;
import io.onrabble.testing.MockIssuer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestPostgres;
import io.onrabble.testing.TestServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server that ran with two issuers before the first issuer's users kept bare {@code sub}s stored
 * their ids prefixed. After the upgrade (migration V3) those users find their own DMs, bans and
 * rate limits under their bare {@code sub}; the second issuer's ids do not change.
 */
class IdSchemeMigrationTest {

    @Test
    void sqliteRowsOfTheFirstIssuerLoseTheirPrefix() throws Exception {
        var dataDir = Files.createTempDirectory("onrabble-ids");
        var url = "jdbc:sqlite:" + dataDir.resolve("onrabble.db");
        try (var first = new MockIssuer("Chatserver"); var second = new MockIssuer("Other")) {
            atVersion2(url, null, "classpath:db/sqlite", first, second);
            try (var server = TestServer.start("DATA_DIR", dataDir.toString(),
                    "OIDC_ISSUERS", first.issuer() + "," + second.issuer())) {
                assertUpgraded(server, first, second);
            }
        }
    }

    @Test
    void postgresqlRowsOfTheFirstIssuerLoseTheirPrefix() throws Exception {
        try (var postgres = TestPostgres.create();
             var first = new MockIssuer("Chatserver"); var second = new MockIssuer("Other")) {
            atVersion2("jdbc:postgresql://" + TestPostgres.HOST_PORT + "/" + postgres.name(), "postgres",
                    "classpath:db/postgresql", first, second);
            try (var server = TestServer.start("DATABASE_URL", postgres.url(),
                    "OIDC_ISSUERS", first.issuer() + "," + second.issuer())) {
                assertUpgraded(server, first, second);
            }
        }
    }

    @Test
    void reorderingTheIssuersWouldChangeEveryIdSoTheServerRefusesToStart() throws Exception {
        var dataDir = Files.createTempDirectory("onrabble-ids").toString();
        try (var first = new MockIssuer("Chatserver"); var second = new MockIssuer("Other");
             var replacement = new MockIssuer("Replacement")) {
            TestServer.start("DATA_DIR", dataDir, "OIDC_ISSUERS", first.issuer() + "," + second.issuer()).close();
            assertThatThrownBy(() -> TestServer.start("DATA_DIR", dataDir, "OIDC_ISSUERS", second.issuer() + "," + first.issuer()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("put " + first.issuer() + " first again");
            // Adding issuers after the first changes nobody's id.
            try (var server = TestServer.start("DATA_DIR", dataDir,
                    "OIDC_ISSUERS", first.issuer() + "," + replacement.issuer() + "," + second.issuer());
                 var ivy = TestClient.connect(server.wsUri(first.token("ivy")))) {
                assertThat(ivy.skipTo("connected_users").path("payload").path("users").get(0).path("id").asText())
                        .isEqualTo(sub(first, "ivy"));
            }
            // A first issuer that is gone altogether was replaced: its successor takes its place.
            try (var server = TestServer.start("DATA_DIR", dataDir, "OIDC_ISSUERS", replacement.issuer());
                 var ivy = TestClient.connect(server.wsUri(replacement.token("ivy")))) {
                ivy.skipTo("connected_users");
            }
            assertThatThrownBy(() -> TestServer.start("DATA_DIR", dataDir, "OIDC_ISSUERS", first.issuer() + "," + replacement.issuer()))
                    .isInstanceOf(ConfigException.class);
        }
    }

    /** The schema before V3, with what the old scheme stored: a DM between two users of different realms, a ban. */
    private static void atVersion2(String url, String user, String location, MockIssuer first, MockIssuer second)
            throws Exception {
        Flyway.configure().dataSource(url, user, null).locations(location).target("2").load().migrate();
        var ivy = IssuerNamespace.prefixFor(first.issuer()) + sub(first, "ivy");
        var mallory = IssuerNamespace.prefixFor(first.issuer()) + sub(first, "mallory");
        var jon = IssuerNamespace.prefixFor(second.issuer()) + sub(second, "jon");
        try (var connection = DriverManager.getConnection(url, user, null); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO users (id, username, issuer, first_seen, last_seen) VALUES ('" + ivy
                    + "', 'ivy', '" + first.issuer() + "', 1, 2), ('" + jon + "', 'jon', '" + second.issuer() + "', 1, 2)");
            statement.execute("INSERT INTO private_messages (id, owner_id, username, recipient_id, recipient, message, "
                    + "authored_at) VALUES (1, '" + jon + "', 'jon', '" + ivy + "', 'ivy', 'hi ivy', 1000)");
            statement.execute("INSERT INTO bans (owner_id, banished_id, reason, start_time, end_time, pardoned) VALUES ('"
                    + ivy + "', '" + mallory + "', 'spam', 1, NULL, FALSE)");
        }
    }

    private static void assertUpgraded(TestServer server, MockIssuer first, MockIssuer second) throws Exception {
        var ivySub = sub(first, "ivy");
        try (var ivy = TestClient.connect(server.wsUri(first.token("ivy")))) {
            var dms = ivy.skipTo("bulk_private_messages").path("payload").path("messages");
            assertThat(dms).hasSize(1);
            // What the Qt client filters by: its own token's sub.
            assertThat(dms.get(0).path("recipient_id").asText()).isEqualTo(ivySub);
            assertThat(dms.get(0).path("owner_id").asText()).isEqualTo(IssuerNamespace.prefixFor(second.issuer())
                    + sub(second, "jon"));
            assertThat(ivy.skipTo("connected_users").path("payload").path("users").get(0).path("id").asText())
                    .isEqualTo(ivySub);
        }
        // The ban moved with the id it was issued against.
        assertThat(TestClient.refusedStatus(server.wsUri(first.token("mallory")))).isEqualTo(403);
    }

    private static String sub(MockIssuer issuer, String username) throws Exception {
        return SignedJWT.parse(issuer.token(username)).getJWTClaimsSet().getSubject();
    }
}
