package io.onrabble.app;

/** A setting is missing or malformed; the message names the variable and what it expects. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
