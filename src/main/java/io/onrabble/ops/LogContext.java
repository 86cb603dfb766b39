package io.onrabble.ops;

import org.slf4j.MDC;

import java.util.concurrent.Executor;

/** The MDC fields log lines carry where they apply (plain lines and JSON lines alike). */
public final class LogContext {
    public static final String REQUEST_ID = "request_id";
    public static final String CONNECTION_ID = "connection_id";
    public static final String USER_ID = "user_id";

    private LogContext() {
    }

    /** An executor whose tasks log with the connection's id and its user's id. */
    public static Executor forConnection(Executor executor, String connectionId, String userId) {
        return task -> executor.execute(() -> {
            try (var connection = MDC.putCloseable(CONNECTION_ID, connectionId);
                 var user = MDC.putCloseable(USER_ID, userId)) {
                task.run();
            }
        });
    }
}
