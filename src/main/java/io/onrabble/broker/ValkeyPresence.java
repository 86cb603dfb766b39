package io.onrabble.broker;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.UserStatus;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The several-node adapter. Keys, all under the prefix:
 * <ul>
 *   <li>{@code presence:node:<node>}: a hash connection id → user id of one node, expiring
 *       {@code ttl} after its last heartbeat, so a crashed node's connections vanish by themselves;</li>
 *   <li>{@code presence:user:<user>}: a set of {@code "<node> <connection>"}, the user's connections anywhere;</li>
 *   <li>{@code presence:users}: a hash user id → username of everyone online, which {@link #online()} reads.</li>
 * </ul>
 * Each change is one script, so "this brought the user online" and "this was the last one" are
 * decided atomically across nodes. A connection counts only while its node's hash exists.
 * The scripts name node and user keys they build themselves, so this needs one Valkey (with
 * replicas if wanted), not a cluster.
 */
public final class ValkeyPresence implements Presence {
    /** KEYS: node hash, user set, users hash. ARGV: node, connection, user id, username, ttl ms, node key prefix. */
    private static final ValkeyScript JOIN = ValkeyScript.load("presence/prune", "presence/join");

    /**
     * KEYS: node hash, user set, users hash. ARGV: node, connection, user id, node key prefix.
     * A connection a sweep already removed returns 0: its user's going offline was announced then.
     */
    private static final ValkeyScript LEAVE = ValkeyScript.load("presence/prune", "presence/leave");

    /**
     * KEYS: this node's hash, users hash. ARGV: ttl ms, node key prefix, user set prefix. Keeps this
     * node alive, then takes offline every user whose connections were all on nodes that stopped
     * beating; returns "1" if this node's hash still existed ("0": it was lost), then those users as
     * id, username pairs. Atomic, so when several nodes sweep, each such
     * user is returned by exactly one of them.
     */
    private static final ValkeyScript HEARTBEAT = ValkeyScript.load("presence/prune", "presence/heartbeat");

    private final StatefulRedisConnection<String, String> connection;
    private final String nodeId;
    private final Duration ttl;
    private final String nodePrefix;
    private final String userPrefix;
    private final String nodeKey;
    private final String usersKey;

    /**
     * @param nodeId unique per running node, without spaces
     * @param ttl how long a node's connections count after its last heartbeat; call
     *            {@link #heartbeat()} every {@link #heartbeatInterval()}
     */
    public ValkeyPresence(StatefulRedisConnection<String, String> connection, String keyPrefix, String nodeId,
                          Duration ttl) {
        if (nodeId.isEmpty() || nodeId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("node id must be non-empty without spaces: '" + nodeId + "'");
        }
        this.connection = connection;
        this.nodeId = nodeId;
        this.ttl = ttl;
        var keys = new ValkeyKeys(keyPrefix);
        this.nodePrefix = keys.presenceNodePrefix();
        this.userPrefix = keys.presenceUserPrefix();
        this.nodeKey = nodePrefix + nodeId;
        this.usersKey = keys.presenceUsers();
    }

    /** A third of the time to live: two heartbeats may go missing before this node's users count as gone. */
    public Duration heartbeatInterval() {
        return ttl.dividedBy(3);
    }

    @Override
    public boolean join(UserStatus user, String connectionId) {
        long cameOnline = call(() -> JOIN.run(connection.sync(), ScriptOutputType.INTEGER,
                new String[]{nodeKey, userPrefix + user.id(), usersKey},
                nodeId, connectionId, user.id(), user.username(), Long.toString(ttl.toMillis()), nodePrefix));
        return cameOnline == 1;
    }

    @Override
    public boolean leave(String userId, String connectionId) {
        long wentOffline = call(() -> LEAVE.run(connection.sync(), ScriptOutputType.INTEGER,
                new String[]{nodeKey, userPrefix + userId, usersKey}, nodeId, connectionId, userId, nodePrefix));
        return wentOffline == 1;
    }

    @Override
    public List<UserStatus> online() {
        var users = call(() -> connection.sync().hgetall(usersKey));
        return users.entrySet().stream().map(e -> new UserStatus(e.getValue(), e.getKey(), true)).toList();
    }

    /** What one heartbeat found: whether this node's entries had been lost, and the users now gone. */
    public record Beat(boolean lost, List<UserStatus> offline) {
    }

    /**
     * Keeps this node's connections counted and takes offline the users of nodes that stopped
     * beating (crashed, or cut off from Valkey for longer than the time to live). {@code lost} says
     * this node's own entries were gone (Valkey lost its data, or this node was cut off too long):
     * the caller then registers its connections again with {@link #join}.
     */
    public Beat heartbeat() {
        List<String> result = call(() -> HEARTBEAT.run(connection.sync(), ScriptOutputType.MULTI,
                new String[]{nodeKey, usersKey}, Long.toString(ttl.toMillis()), nodePrefix, userPrefix));
        var offline = new ArrayList<UserStatus>(result.size() / 2);
        for (int i = 1; i < result.size(); i += 2) {
            offline.add(new UserStatus(result.get(i + 1), result.get(i), false));
        }
        return new Beat("0".equals(result.getFirst()), offline);
    }

    private static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new BrokerUnavailableException("presence in Valkey is unreachable: " + e.getMessage(), e);
        }
    }
}
