package io.onrabble.broker;

/** Valkey could not take a delivery or a presence change (unreachable or timed out). */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
