package io.onrabble.journal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The recent-message rings in Valkey: reading them (topped up from the database), and, for the
 * journal that commits to the database first, pushing committed messages into them and rebuilding
 * them from the database when Valkey lost them.
 */
final class RecentRings {
    private static final Logger log = LoggerFactory.getLogger(RecentRings.class);

    /** The error journal/push.lua raises when the rings-ready marker is missing; the two must match. */
    private static final String NO_RINGS = "ONRABBLE_NO_RINGS";

    /**
     * KEYS: rings-ready marker, deleted public ids, id counter, then rings. ARGV: ring size, '1' to
     * leave out deleted ids (public messages), then per message: id, entry, two ring indexes into
     * KEYS (0: none). Refuses while the marker is missing; raises the counter to the highest id.
     */
    private static final ValkeyScript PUSH = ValkeyScript.load("journal/push");

    /**
     * KEYS: ring, deleted public ids, rings-ready marker. ARGV: ring size, then stored entries. Merges
     * the ring with the stored entries by id, leaves out deleted ones, keeps the newest, sets the marker.
     */
    private static final ValkeyScript REBUILD = ValkeyScript.load("journal/rebuild-ring");

    private final StatefulRedisConnection<String, String> connection;
    private final ValkeyKeys keys;
    private final MessageStore store;
    private final int ringSize;

    RecentRings(StatefulRedisConnection<String, String> connection, ValkeyKeys keys, MessageStore store, int ringSize) {
        this.connection = connection;
        this.keys = keys;
        this.store = store;
        this.ringSize = ringSize;
    }

    List<ChatMessage> recentPublic() {
        return recent(keys.publicRing(), JournalEntries::chat, ChatMessage::id, () -> store.recentPublic(ringSize));
    }

    List<PrivateMessage> recentPrivate(String userId) {
        return recent(keys.privateRing(userId), JournalEntries::privateMessage, PrivateMessage::id,
                () -> store.recentPrivate(userId, ringSize));
    }

    /** The public message with this id, if the public ring holds it (its entries start with their id). */
    Optional<ChatMessage> findPublic(long id) {
        var prefix = "{\"id\":" + id + ",";
        try {
            return connection.sync().lrange(keys.publicRing(), 0, -1).stream().filter(entry -> entry.startsWith(prefix))
                    .findFirst().map(JournalEntries::chat);
        } catch (RedisException e) {
            throw new JournalUnavailableException("Valkey could not read recent messages: " + e.getMessage(), e);
        }
    }

    /**
     * The ring, topped up from the database when it is not full: after Valkey lost its data, or
     * for a user whose older messages predate the ring, history still shows what is stored.
     */
    private <T> List<T> recent(String ring, Function<String, T> decode, ToLongFunction<T> id, Supplier<List<T>> stored) {
        List<String> entries;
        try {
            entries = connection.sync().lrange(ring, 0, -1);
        } catch (RedisException e) {
            throw new JournalUnavailableException("Valkey could not read recent messages: " + e.getMessage(), e);
        }
        var byId = new TreeMap<Long, T>();
        for (var entry : entries) {
            var message = decode.apply(entry);
            byId.put(id.applyAsLong(message), message);
        }
        if (byId.size() < ringSize) {
            try {
                stored.get().forEach(message -> byId.putIfAbsent(id.applyAsLong(message), message));
            } catch (StoreException e) {
                log.debug("history shown without stored messages: {}", e.getMessage());
            }
        }
        var all = new ArrayList<>(byId.values());
        return List.copyOf(all.subList(Math.max(0, all.size() - ringSize), all.size()));
    }

    /** Pushes committed public messages (id order) into the public ring; a deleted one stays out. */
    void pushPublic(List<ChatMessage> messages) {
        var ringKeys = List.of(keys.publicRing());
        var args = new ArrayList<String>(4 * messages.size());
        for (var m : messages) {
            args.addAll(List.of(Long.toString(m.id()), JournalEntries.entry(m), "4", "0"));
        }
        push(keys.publicIds(), true, ringKeys, args, messages.stream().map(ChatMessage::id).collect(Collectors.toSet()));
    }

    /** Pushes committed private messages into the rings of both participants (one ring for a note to oneself). */
    void pushPrivate(List<PrivateMessage> messages) {
        var ringIndex = new LinkedHashMap<String, Integer>();
        var args = new ArrayList<String>(4 * messages.size());
        for (var m : messages) {
            int owner = ringIndex.computeIfAbsent(keys.privateRing(m.ownerId()), k -> 4 + ringIndex.size());
            int recipient = ringIndex.computeIfAbsent(keys.privateRing(m.recipientId()), k -> 4 + ringIndex.size());
            args.addAll(List.of(Long.toString(m.id()), JournalEntries.entry(m), Integer.toString(owner),
                    recipient == owner ? "0" : Integer.toString(recipient)));
        }
        push(keys.privateIds(), false, List.copyOf(ringIndex.keySet()), args, Set.of());
    }

    /**
     * Throws {@link RedisException} when Valkey is unreachable. {@code pushing} are the public ids
     * being pushed: committed already, a rebuild must leave them to the push.
     */
    private void push(String counter, boolean publicMessages, List<String> rings, List<String> messageArgs,
                      Set<Long> pushing) {
        var scriptKeys = new ArrayList<String>(3 + rings.size());
        scriptKeys.addAll(List.of(keys.ringsReady(), keys.deleted(), counter));
        scriptKeys.addAll(rings);
        var args = new ArrayList<String>(2 + messageArgs.size());
        args.add(Integer.toString(ringSize));
        args.add(publicMessages ? "1" : "0");
        args.addAll(messageArgs);
        var keyArray = scriptKeys.toArray(String[]::new);
        var argArray = args.toArray(String[]::new);
        try {
            PUSH.<Long>run(connection.sync(), ScriptOutputType.INTEGER, keyArray, argArray);
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().contains(NO_RINGS)) {
                throw e;
            }
            log.warn("Valkey has lost the recent-message rings (it restarted without its data, or is new): "
                    + "rebuilding them from the database");
            rebuild(pushing);
            PUSH.<Long>run(connection.sync(), ScriptOutputType.INTEGER, keyArray, argArray);
        }
    }

    /**
     * Merges the public ring with the newest stored messages, except {@code pushing} (committed
     * messages about to be pushed), and marks the rings whole. Private rings fill themselves: a
     * ring that is not full is topped up from the database when read.
     */
    void rebuild(Set<Long> pushing) {
        var stored = store.recentPublic(ringSize).stream().filter(m -> !pushing.contains(m.id())).toList();
        var args = new ArrayList<String>(1 + stored.size());
        args.add(Integer.toString(ringSize));
        stored.forEach(m -> args.add(JournalEntries.entry(m)));
        REBUILD.<Long>run(connection.sync(), ScriptOutputType.INTEGER,
                new String[] {keys.publicRing(), keys.deleted(), keys.ringsReady()}, args.toArray(String[]::new));
    }

    /** Rebuilds the rings at start unless they are marked whole. */
    void rebuildIfLost() {
        if (connection.sync().exists(keys.ringsReady()) == 0) {
            rebuild(Set.of());
        }
    }

    /** Drops these users' private rings (they missed a message while Valkey was away); reads refill them from the database. */
    void forgetPrivate(java.util.Collection<String> userIds) {
        if (!userIds.isEmpty()) {
            connection.sync().del(userIds.stream().map(keys::privateRing).toArray(String[]::new));
        }
    }
}
