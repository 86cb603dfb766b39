package io.onrabble.auth;

/** The issuer's keys could not be fetched (provider down, never reached): the token is neither good nor bad yet. */
public final class KeySourceUnavailableException extends Exception {
    public KeySourceUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
