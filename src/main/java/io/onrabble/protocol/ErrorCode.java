package io.onrabble.protocol;

/** Stable codes carried by {@code error} frames; clients switch on {@link #wire()}. */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    UNKNOWN_CHANNEL("unknown_channel"),
    TOO_LARGE("too_large"),
    RATE_LIMITED("rate_limited"),
    INVALID_TOKEN("invalid_token"),
    UNAVAILABLE("unavailable"),
    TOO_MANY_CONNECTIONS("too_many_connections"),
    /** An edit or deletion names no public message (never sent, or deleted). */
    NOT_FOUND("not_found"),
    /** An edit or deletion of another user's message. */
    FORBIDDEN("forbidden"),
    /** An edit or deletion of one's own message after the edit window. */
    EDIT_WINDOW_CLOSED("edit_window_closed");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
