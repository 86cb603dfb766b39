package io.onrabble.testing;

import io.onrabble.store.Database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the database holds, seen the way a user would check it: which message texts were stored, how often. */
public final class Persisted {
    private Persisted() {
    }

    /** Lets every user send far more than a load test needs (the default is 10 messages a minute). */
    public static void allowManyMessages(Database db) {
        db.update("UPDATE rate_limits SET message_limit = 1000000, window_seconds = 1 WHERE owner_id = 'default'");
    }

    /** Message text to the ids stored under it. */
    public static Map<String, List<Long>> idsByText(Database db) {
        var result = new HashMap<String, List<Long>>();
        db.query("SELECT id, message FROM chat_messages", row -> {
            result.computeIfAbsent(row.getString(2), text -> new ArrayList<>()).add(row.getLong(1));
            return null;
        });
        return result;
    }

    /** Nonces (which are the texts) that were acked but are not stored exactly once under the acked id. */
    public static Map<String, Object> missingOrDuplicated(Database db, Map<String, Long> acked) {
        var stored = idsByText(db);
        var wrong = new HashMap<String, Object>();
        acked.forEach((nonce, id) -> {
            var ids = stored.getOrDefault(nonce, List.of());
            if (!ids.equals(List.of(id))) {
                wrong.put(nonce, ids);
            }
        });
        return wrong;
    }
}
