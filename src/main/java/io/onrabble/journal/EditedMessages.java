package io.onrabble.journal;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.Timestamps;
import io.onrabble.store.MessageStore;
import io.onrabble.valkey.ValkeyKeys;
import io.onrabble.valkey.ValkeyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of "an edit is never lost" on Valkey, as {@link DeletedMessages} is for deletions:
 * across the ring, the queue, a flush running meanwhile and a crash. An edit is recorded in the
 * edited hash (kept a day) and written into the ring in one script, and only then into the
 * database; so a flush that read the queue entry before the edit and committed the old text finds
 * the edit after its commit and applies it again ({@link #applyAgainIfEdited}), a flush that reads
 * it afterwards writes the edited text at once ({@link #among}), and a node that crashed in between
 * is covered at the next start ({@link #applyAllAgain}). Edits carry their time, so applying one
 * twice, or late, never undoes a newer one.
 */
final class EditedMessages {
    private static final Logger log = LoggerFactory.getLogger(EditedMessages.class);

    /**
     * KEYS: public ring, edited hash, edited ids by time, deleted ids. ARGV: message id, the edit's
     * JSON, its time (epoch µs), how long edits are kept (µs), the message's new ring entry. Refuses a
     * deleted message (0) and an edit older than the one recorded (-1); otherwise records it, replaces
     * the message's ring entry if the ring holds it and returns 1.
     */
    private static final ValkeyScript EDIT = ValkeyScript.load("journal/edit");
    private static final Duration KEEP = Duration.ofDays(1);

    private final RedisCommands<String, String> commands;
    private final ValkeyKeys keys;
    private final MessageStore store;

    EditedMessages(RedisCommands<String, String> commands, ValkeyKeys keys, MessageStore store) {
        this.commands = commands;
        this.keys = keys;
        this.store = store;
    }

    /**
     * Edits {@code message} (as found in the ring, the queue or the database) everywhere; false when
     * it was deleted meanwhile or a newer edit of it is recorded (then nothing changed).
     */
    boolean edit(ChatMessage message, MessageEdit edit) {
        Long result;
        try {
            result = EDIT.run(commands, ScriptOutputType.INTEGER,
                    new String[] {keys.publicRing(), keys.edited(), keys.editedAt(), keys.deleted()},
                    Long.toString(edit.id()), JournalEntries.edit(edit), Long.toString(Timestamps.toMicros(edit.editedAt())),
                    Long.toString(KEEP.toNanos() / 1_000), JournalEntries.entry(message.edited(edit)));
        } catch (RedisException e) {
            throw new JournalUnavailableException("Valkey could not record the edit: " + e.getMessage(), e);
        }
        if (result != 1) {
            return false;
        }
        store.editPublic(List.of(edit)); // changes nothing while the message is still queued: the flush applies it
        return true;
    }

    /** The recorded edits of these public message ids (a flush writes their edited text). */
    Map<Long, MessageEdit> among(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var asked = ids.stream().map(String::valueOf).toArray(String[]::new);
        var edits = new HashMap<Long, MessageEdit>();
        for (var value : commands.hmget(keys.edited(), asked)) {
            if (value.hasValue()) {
                var id = Long.parseLong(value.getKey());
                edits.put(id, JournalEntries.edit(id, value.getValue()));
            }
        }
        return edits;
    }

    /**
     * Called after a flush committed these public messages: one may have been edited after the flush
     * looked (the edit is recorded before it reaches the database, so checking after the commit
     * catches every one); applying it again gives the database the edited text.
     */
    void applyAgainIfEdited(Collection<Long> committed) {
        var edits = among(committed);
        if (!edits.isEmpty()) {
            log.debug("applied {} edits again to the messages a flush just wrote", store.editPublic(edits.values()));
        }
    }

    /**
     * Applies again every edit of the last day: a node that crashed after committing a batch but
     * before {@link #applyAgainIfEdited} left the old text in the database with the queue entry gone.
     * Runs before this node serves history or searches; idempotent (edits carry their time).
     */
    void applyAllAgain() {
        try {
            var edits = new ArrayList<MessageEdit>();
            commands.hgetall(keys.edited()).forEach((id, json) -> edits.add(JournalEntries.edit(Long.parseLong(id), json)));
            log.debug("applied {} edits of the last day again", store.editPublic(edits));
        } catch (RuntimeException e) {
            log.warn("could not check that recent edits reached the database: {}", e.getMessage());
        }
    }
}
