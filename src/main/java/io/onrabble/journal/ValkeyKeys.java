package io.onrabble.journal;

/**
 * Every Valkey key the journal uses, under one prefix so several deployments or tests can share a
 * Valkey (and an operator can find them with {@code SCAN MATCH <prefix>*}).
 */
record ValkeyKeys(String prefix) {
    static final String FLUSH_GROUP = "flushers";

    String publicIds() {
        return prefix + "ids:public";
    }

    String privateIds() {
        return prefix + "ids:private";
    }

    String publicRing() {
        return prefix + "recent:public";
    }

    String privateRing(String userId) {
        return prefix + "recent:private:" + userId;
    }

    /** The durable flush queue: a stream read by the consumer group {@link #FLUSH_GROUP}. */
    String queue() {
        return prefix + "queue";
    }

    /**
     * Ids of public messages an admin deleted (a sorted set scored by deletion time, trimmed after a
     * day): a flusher that committed one of them while it was being deleted removes it again.
     */
    String deleted() {
        return prefix + "deleted:public";
    }

    /** Entries the database refused, with the error, for an operator to inspect and replay. */
    String deadLetters() {
        return prefix + "queue:dead";
    }
}
