package io.onrabble.auth;

/** A token that must not be trusted; the message is safe to show the client and never contains the token. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
