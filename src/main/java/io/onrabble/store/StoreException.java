package io.onrabble.store;

import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.util.Set;

/** The database could not do what was asked (unreachable, constraint, bug); {@link #isTransient()} says which. */
public final class StoreException extends RuntimeException {
    /** SQLSTATE classes that say "this data is wrong": data exception, integrity constraint violation. */
    private static final Set<String> REFUSED_DATA_CLASSES = Set.of("22", "23");
    /** SQLite's primary result codes with the same meaning: too big, constraint, datatype mismatch. */
    private static final Set<Integer> SQLITE_REFUSED_DATA = Set.of(18, 19, 20);

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * False only when the database refused the data itself (a constraint, an invalid value), so the
     * same statement will never succeed; true for everything else (unreachable, overloaded,
     * restarting, a connection that broke mid-way), which may succeed later. The flusher sets refused
     * data aside (the dead-letter stream, one message at a time so the rest still commit) and keeps
     * transient failures, retrying them with backoff; so when in doubt a message is retried, never
     * set aside.
     */
    public boolean isTransient() {
        for (var cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && SQLITE_REFUSED_DATA.contains(sqlite.getResultCode().code & 0xff)) {
                return false;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && REFUSED_DATA_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return false;
            }
        }
        return true;
    }
}
