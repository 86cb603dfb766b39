package io.onrabble.journal;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.onrabble.store.MessageStore;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one owner of "a deleted message stays deleted" on Valkey: across the ring, the queue, a flush
 * running meanwhile and a crash. A deletion records the ids in the deleted set (kept a day) and
 * removes them from the ring and the queue in one script, and only then from the database (where the
 * same transaction keeps their tombstones, for clients that resume: those found in the queue too); so a
 * flusher that committed one of them meanwhile finds it in the set after its commit and deletes it
 * again ({@link #deleteAgainIfDeleted}), and a node that crashed in between is covered at the next
 * start ({@link #deleteAllAgain}).
 */
final class DeletedMessages {
    private static final Logger log = LoggerFactory.getLogger(DeletedMessages.class);

    /**
     * KEYS: public ring, queue, deleted ids, public id counter. ARGV: now (ms), how long deleted ids
     * are kept (ms), a channel id or '', then message ids. Removes the public messages with those ids
     * (or of that channel) from the ring and the queue, and records as deleted every id found and
     * every id asked for that was already assigned. An id not assigned yet is not recorded: the
     * message that gets it later was never deleted. Returns the ids found.
     */
    private static final ValkeyScript REMOVE = ValkeyScript.load("journal/remove");
    private static final Duration KEEP = Duration.ofDays(1);
    /** Ids per database statement when deleting again. */
    private static final int CHUNK = 1_000;

    private final RedisCommands<String, String> commands;
    private final ValkeyKeys keys;
    private final MessageStore store;

    DeletedMessages(RedisCommands<String, String> commands, ValkeyKeys keys, MessageStore store) {
        this.commands = commands;
        this.keys = keys;
        this.store = store;
    }

    /**
     * Deletes the public messages everywhere, recording {@code deletedAt} as their deletion time (here
     * and in the database's tombstones); returns those found in the ring, the queue or the database.
     */
    List<Long> delete(Collection<Long> ids, Instant deletedAt) {
        var found = remove(deletedAt.toEpochMilli(), "", ids.stream().map(String::valueOf).toList());
        var deleted = new TreeSet<>(found);
        deleted.addAll(store.deletePublic(ids, found, deletedAt));
        return List.copyOf(deleted);
    }

    /** Removes a purged channel's messages from the ring and the queue, recording their ids as deleted. */
    void removeChannel(long channelId) {
        remove(System.currentTimeMillis(), Long.toString(channelId), List.of());
    }

    private List<Long> remove(long nowMillis, String channel, List<String> ids) {
        var args = new ArrayList<String>(3 + ids.size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(KEEP.toMillis()));
        args.add(channel);
        args.addAll(ids);
        try {
            List<String> found = REMOVE.run(commands, ScriptOutputType.MULTI,
                    new String[] {keys.publicRing(), keys.queue(), keys.deleted(), keys.publicIds()}, args.toArray(String[]::new));
            return found.stream().map(Long::valueOf).toList();
        } catch (RedisException e) {
            throw new JournalUnavailableException("Valkey could not remove the messages: " + e.getMessage(), e);
        }
    }

    /** Which of these public message ids were deleted (a flush skips them), with when. */
    Map<Long, Instant> among(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var asked = ids.stream().map(String::valueOf).toArray(String[]::new);
        var scores = commands.zmscore(keys.deleted(), asked);
        var deleted = new HashMap<Long, Instant>();
        for (int i = 0; i < asked.length; i++) {
            if (scores.get(i) != null) {
                deleted.put(Long.valueOf(asked[i]), Instant.ofEpochMilli(scores.get(i).longValue()));
            }
        }
        return deleted;
    }

    /**
     * Called after a flush committed these public messages: an admin may have deleted some of them
     * meanwhile, after the flush looked (the deletion records ids before it deletes from the
     * database, so checking after the commit catches every one); deleting them again keeps them deleted.
     */
    void deleteAgainIfDeleted(Collection<Long> committed) {
        var deleted = among(committed);
        if (!deleted.isEmpty()) {
            store.deletePublic(deleted.keySet(), List.of(), newest(deleted.values()));
            log.info("removed {} messages deleted by an admin while they were being flushed", deleted.size());
        }
    }

    /**
     * The time a tombstone written again gets: the newest of the deletions, never earlier than one of
     * them, so a resume that should hear of a deletion does (one told of it twice drops it twice).
     */
    private static Instant newest(Collection<Instant> times) {
        return times.stream().max(Instant::compareTo).orElseThrow();
    }

    /**
     * Deletes again, from the database, every message deleted in the last day. A node that crashed
     * after committing a batch but before {@link #deleteAgainIfDeleted} left such a message in the
     * database with its queue entry gone, and so did one that crashed between the removal script and
     * the database delete (which also left no tombstone: one is written here, dated when the script
     * ran); nothing else would ever remove them. Runs before this node serves history
     * or searches. Idempotent and cheap: a day's deletions, {@value #CHUNK} ids a statement.
     */
    void deleteAllAgain() {
        try {
            var recorded = commands.zrangeWithScores(keys.deleted(), 0, -1);
            var removed = 0;
            for (int i = 0; i < recorded.size(); i += CHUNK) {
                var chunk = recorded.subList(i, Math.min(recorded.size(), i + CHUNK));
                var ids = chunk.stream().map(entry -> Long.valueOf(entry.getValue())).toList();
                var deletedAt = newest(chunk.stream().map(entry -> Instant.ofEpochMilli((long) entry.getScore())).toList());
                removed += store.deletePublic(ids, ids, deletedAt).size();
            }
            if (removed > 0) {
                log.info("removed {} messages an admin had deleted that an interrupted flush or deletion left in the database",
                        removed);
            }
        } catch (RuntimeException e) {
            log.warn("could not check that recently deleted messages stay deleted: {}", e.getMessage());
        }
    }
}
