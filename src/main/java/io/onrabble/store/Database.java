package io.onrabble.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pooled JDBC database with its schema migrated, plus the few helpers every JDBC store uses.
 * All calls block: callers run them off the event loop.
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource pool;

    private Database(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
    }

    /** Opens (creating if needed) the embedded SQLite database in {@code dataDir}. */
    public static Database sqlite(Path dataDir) {
        return sqlite(dataDir, "");
    }

    /**
     * Opens (creating if needed) the embedded SQLite database in {@code dataDir}; {@code legacyPrimaryPrefix}
     * is the id prefix the V3 migration strips from the first issuer's users (empty: none).
     */
    public static Database sqlite(Path dataDir, String legacyPrimaryPrefix) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + dataDir, e);
        }
        var config = new HikariConfig();
        // WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of failing.
        config.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("onrabble.db").toAbsolutePath()
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&foreign_keys=true");
        config.setMaximumPoolSize(4);
        config.setPoolName("sqlite");
        return open(Dialect.SQLITE, config, legacyPrimaryPrefix);
    }

    /** Opens a PostgreSQL database from a JDBC URL; credentials may be in the URL or given separately. */
    public static Database postgresql(String jdbcUrl, String user, String password, int poolSize) {
        return postgresql(jdbcUrl, user, password, poolSize, "");
    }

    /** As {@link #postgresql(String, String, String, int)}, with the prefix the V3 migration strips (see {@link #sqlite(Path, String)}). */
    public static Database postgresql(String jdbcUrl, String user, String password, int poolSize,
                                      String legacyPrimaryPrefix) {
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("postgresql");
        // Fail fast while the database is down, so callers answer "unavailable" and the flusher backs off,
        // instead of each waiting out Hikari's 30 s default; a dead peer must not hang a query for ever.
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Building the pool opens no connection: the migration just after asks for the first one and fails
        // start-up within the connection timeout if the database is down. Later no store retries: a failed
        // call answers "unavailable", the pool reconnects on the next one, and only the flusher backs off.
        config.setInitializationFailTimeout(-1);
        return open(Dialect.POSTGRESQL, config, legacyPrimaryPrefix);
    }

    private static Database open(Dialect dialect, HikariConfig config, String legacyPrimaryPrefix) {
        if (!legacyPrimaryPrefix.matches("([0-9a-f]{8}:)?")) {
            throw new IllegalArgumentException("not an issuer prefix: " + legacyPrimaryPrefix);
        }
        var pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations(dialect.migrations())
                    .placeholders(Map.of("legacy_primary_prefix", legacyPrimaryPrefix)).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("database migration failed: " + e.getMessage(), e);
        }
        return new Database(dialect, pool);
    }

    public Dialect dialect() {
        return dialect;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(connection -> query(connection, sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        var rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public int update(String sql, Object... params) {
        return withConnection(connection -> update(connection, sql, params));
    }

    /** Runs {@code sql} once per item, with the item's parameters, as one JDBC batch in one transaction. */
    public <T> void insertBatch(String sql, List<T> items, java.util.function.Function<T, Object[]> params) {
        if (items.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            try (var statement = connection.prepareStatement(sql)) {
                for (var item : items) {
                    var values = params.apply(item);
                    for (int i = 0; i < values.length; i++) {
                        statement.setObject(i + 1, values[i]);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (var statement = prepare(connection, sql, params); var rows = statement.executeQuery()) {
            var result = new ArrayList<T>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (var statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        var statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    public <T> T withConnection(Work<T> work) {
        try (var connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                var result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                if (!connection.isClosed()) {
                    connection.setAutoCommit(true);
                }
            }
        });
    }

    /** A rollback that fails (the connection broke) must not hide why the transaction failed. */
    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
