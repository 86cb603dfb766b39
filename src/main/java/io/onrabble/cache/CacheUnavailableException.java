package io.onrabble.cache;

/** A message could not be made durable (database or Valkey unreachable); nothing was stored or acked. */
public final class CacheUnavailableException extends RuntimeException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
