package io.onrabble.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** The database could not do what was asked (unreachable, constraint, bug); callers decide whether to retry. */
public final class StoreException extends RuntimeException {
    /**
     * SQLSTATE classes that say "the database is unwell, try again" rather than "this data is
     * wrong": connection exception, insufficient resources, operator intervention (restart),
     * transaction rollback (serialization failure, deadlock).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "40");

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when retrying the same statement later may succeed (the database was unreachable or
     * overloaded); false when the statement itself was refused (a constraint, invalid data).
     * The flusher retries the first kind with backoff and dead-letters the second.
     */
    public boolean isTransient() {
        for (var cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && TRANSIENT_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
