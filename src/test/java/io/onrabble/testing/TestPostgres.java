package io.onrabble.testing;

import io.onrabble.store.Database;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A throwaway database on the shared local PostgreSQL (other suites run beside ours, so every
 * test works in a database of its own and drops it afterwards).
 */
public final class TestPostgres implements AutoCloseable {
    public static final String HOST_PORT = "127.0.0.1:5432";
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST_PORT + "/test";
    private static final String USER = "postgres";

    private final String name;

    private TestPostgres(String name) {
        this.name = name;
    }

    public static TestPostgres create() {
        var name = "onrabble_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name);
        return new TestPostgres(name);
    }

    public String name() {
        return name;
    }

    /** The URL as an operator writes it in ONRABBLE_DATABASE_URL. */
    public String url() {
        return url(HOST_PORT);
    }

    /** The same database reached through another address, e.g. a proxy. */
    public String url(String hostPort) {
        return "postgresql://" + USER + "@" + hostPort + "/" + name;
    }

    /** Opens the database (migrating it) the way the server does. */
    public Database open() {
        return Database.postgresql("jdbc:postgresql://" + HOST_PORT + "/" + name, USER, null, 4);
    }

    private static void admin(String sql) {
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, null);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
