package io.onrabble.protocol;

/** An inbound frame the server refuses; becomes an {@code error} frame, never a dropped connection. */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String nonce;
    private final Long retryAfterMs;

    public ProtocolException(ErrorCode code, String message, String nonce) {
        this(code, message, nonce, null);
    }

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private ProtocolException(ErrorCode code, String message, String nonce, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.nonce = nonce;
        this.retryAfterMs = retryAfterMs;
    }

    public static ProtocolException rateLimited(long retryAfterMs, String nonce) {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "rate limit reached; retry in " + retryAfterMs + " ms", nonce, retryAfterMs);
    }

    public ErrorCode code() {
        return code;
    }

    public String nonce() {
        return nonce;
    }

    /** How long the client should wait before sending again, or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    public ServerMessage.Error toFrame() {
        return new ServerMessage.Error(code, getMessage(), retryAfterMs, nonce);
    }
}
