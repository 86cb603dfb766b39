package io.onrabble.store;

/** The database could not do what was asked (unreachable, constraint, bug); callers decide whether to retry. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
