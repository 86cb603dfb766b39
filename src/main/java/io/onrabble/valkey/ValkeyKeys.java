package io.onrabble.valkey;

/**
 * Every Valkey key the server uses, under one prefix so several deployments or tests can share a
 * Valkey (and an operator can find them with {@code SCAN MATCH <prefix>*}).
 */
public record ValkeyKeys(String prefix) {
    public static final String FLUSH_GROUP = "flushers";

    public String publicIds() {
        return prefix + "ids:public";
    }

    public String privateIds() {
        return prefix + "ids:private";
    }

    public String publicRing() {
        return prefix + "recent:public";
    }

    public String privateRing(String userId) {
        return prefix + "recent:private:" + userId;
    }

    /**
     * Present while the rings are whole. Valkey loses it with the rest of its data (a restart without
     * persistence, a failover to a replica behind): the next push finds it missing and the rings are
     * rebuilt from the database first.
     */
    public String ringsReady() {
        return prefix + "recent:ready";
    }

    /** The journal's durable flush queue: a stream read by the consumer group {@link #FLUSH_GROUP}. */
    public String queue() {
        return prefix + "queue";
    }

    /**
     * Ids of public messages an admin deleted (a sorted set scored by deletion time, trimmed after a
     * day): a flusher that committed one of them while it was being deleted removes it again.
     */
    public String deleted() {
        return prefix + "deleted:public";
    }

    /**
     * The latest edit of each recently edited public message (a hash: message id to its text and
     * edit time) and the same ids scored by edit time (to trim after a day): a flusher that writes
     * one of them, from the queue, writes the edited text.
     */
    public String edited() {
        return prefix + "edited:public";
    }

    public String editedAt() {
        return prefix + "edited:public:at";
    }

    /** Entries the database refused, with the error, for an operator to inspect and replay. */
    public String deadLetters() {
        return prefix + "queue:dead";
    }

    /** The pub/sub channel every node's broker publishes to and listens on. */
    public String broker() {
        return prefix + "broker";
    }

    /** Prefix of one node's presence hash (connection id to user id); the node id follows. */
    public String presenceNodePrefix() {
        return prefix + "presence:node:";
    }

    /** Prefix of one user's set of connections on every node; the user id follows. */
    public String presenceUserPrefix() {
        return prefix + "presence:user:";
    }

    /** Everyone online: user id to username. */
    public String presenceUsers() {
        return prefix + "presence:users";
    }

    /** Prefix of the rate-limit buckets; the user id and the rule follow. */
    public String rateLimitPrefix() {
        return prefix + "ratelimit:";
    }
}
