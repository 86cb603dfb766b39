package io.onrabble.journal;

/** A message could not be made durable (database or Valkey unreachable); nothing was stored or acked. */
public final class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
