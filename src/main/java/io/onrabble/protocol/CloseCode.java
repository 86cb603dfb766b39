package io.onrabble.protocol;

/** WebSocket close codes the server uses; the 4xxx ones are ours and documented in docs/protocol.md. */
public final class CloseCode {
    public static final short GOING_AWAY = 1001;
    public static final short POLICY_VIOLATION = 1008;
    public static final short TOO_BIG = 1009;
    public static final short INTERNAL_ERROR = 1011;
    /** The token expired without a refresh (see TokenExpiry for which connections must refresh). */
    public static final short AUTH_FAILED = 4001;
    /** The session reached its maximum length (a client that does not refresh its token): sign in again. */
    public static final short SESSION_ENDED = 4002;
    /** The user was banned. */
    public static final short BANNED = 4003;
    /** The client stopped answering pings. */
    public static final short PING_TIMEOUT = 4004;
    /** An admin ended the user's sessions. */
    public static final short ENDED_BY_ADMIN = 4005;
    /** The client did not read fast enough and its outbound queue filled up. */
    public static final short SLOW_CONSUMER = 4008;

    private CloseCode() {
    }
}
