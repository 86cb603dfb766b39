package io.onrabble.journal;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.onrabble.journal.FlushPlan.DeadLetter;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The queue stream as one consumer of the group {@link ValkeyKeys#FLUSH_GROUP} sees it: read new
 * entries, claim those a dead consumer held, acknowledge (and delete) what the database committed,
 * and move what it never will to the dead-letter stream. Blocking; one flusher thread uses it.
 */
final class FlushQueue {
    private static final Logger log = LoggerFactory.getLogger(FlushQueue.class);

    /** KEYS: queue. ARGV: group, then entry ids. Acknowledged entries are deleted in the same step. */
    private static final ValkeyScript ACK_AND_DELETE = ValkeyScript.load("journal/ack-and-delete");

    /** KEYS: queue, dead-letter stream. ARGV: group, entry id, kind, data, error. */
    private static final ValkeyScript BURY = ValkeyScript.load("journal/bury");

    private final RedisCommands<String, String> commands;
    private final ValkeyKeys keys;
    private final Consumer<String> consumer;

    FlushQueue(RedisCommands<String, String> commands, ValkeyKeys keys, String consumerName) {
        this.commands = commands;
        this.keys = keys;
        this.consumer = Consumer.from(ValkeyKeys.FLUSH_GROUP, consumerName);
    }

    /** Creates the stream and its consumer group unless they exist (again after Valkey lost its data). */
    void createGroup() {
        try {
            commands.xgroupCreate(XReadArgs.StreamOffset.from(keys.queue(), "0"), ValkeyKeys.FLUSH_GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already
        }
    }

    long length() {
        return commands.xlen(keys.queue());
    }

    /** Up to {@code count} entries no consumer has read yet. */
    List<QueueEntry> read(int count) {
        return entries(commands.xreadgroup(consumer, XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(keys.queue())));
    }

    /** Up to {@code count} entries other consumers (dead nodes) have held for {@code minIdle}, now this one's. */
    List<QueueEntry> claim(int count, Duration minIdle) {
        return entries(commands.xautoclaim(keys.queue(), new XAutoClaimArgs<String>().consumer(consumer)
                .minIdleTime(minIdle).startId("0-0").count(count)).getMessages());
    }

    private static List<QueueEntry> entries(List<StreamMessage<String, String>> messages) {
        var entries = new ArrayList<QueueEntry>(messages.size());
        for (var message : messages) {
            var body = message.getBody();
            if (body != null) { // XAUTOCLAIM reports entries deleted meanwhile with no body
                entries.add(new QueueEntry(message.getId(), body.get("kind"), body.get("data")));
            }
        }
        return entries;
    }

    /** Acknowledges and deletes these entries: their messages are in the database (or were deleted). */
    void acknowledge(List<String> streamIds) {
        if (streamIds.isEmpty()) {
            return;
        }
        var args = new ArrayList<String>(streamIds.size() + 1);
        args.add(ValkeyKeys.FLUSH_GROUP);
        args.addAll(streamIds);
        ACK_AND_DELETE.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.queue()}, args.toArray(String[]::new));
    }

    /** Moves the entry to the dead-letter stream with the reason, in one step with its acknowledgement. */
    void bury(DeadLetter letter) {
        var entry = letter.entry();
        log.error("queue entry {} moved to dead-letter stream {}: {}", entry.streamId(), keys.deadLetters(), letter.reason());
        BURY.<Long>run(commands, ScriptOutputType.INTEGER, new String[] {keys.queue(), keys.deadLetters()},
                ValkeyKeys.FLUSH_GROUP, entry.streamId(), String.valueOf(entry.kind()), String.valueOf(entry.data()),
                Objects.requireNonNullElse(letter.reason(), "unknown error"));
    }

    /** After Valkey lost its data the group is gone (NOGROUP): make it again so reading can resume. */
    void recover(RuntimeException failure) {
        if (failure instanceof RedisException && failure.getMessage() != null && failure.getMessage().contains("NOGROUP")) {
            try {
                createGroup();
            } catch (RedisException e) {
                log.debug("could not recreate the consumer group yet: {}", e.getMessage());
            }
        }
    }
}
