package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a flush does with the queue entries a node holds, decided without Valkey or the database:
 * which messages to insert (with the text of their latest edit), which entries to acknowledge
 * without writing (their message was deleted) and which to move to the dead letters (not a message
 * this server wrote).
 *
 * @param publics   public messages to insert, with the entry each came from
 * @param privates  private messages to insert
 * @param skipped   stream ids of entries whose message was deleted: acknowledged, never written
 * @param malformed entries to dead-letter, with the reason
 */
record FlushPlan(List<Held<ChatMessage>> publics, List<Held<PrivateMessage>> privates, List<String> skipped,
                 List<DeadLetter> malformed) {

    /** A decoded message and the stream entry it came from. */
    record Held<T>(QueueEntry entry, T message) {
    }

    /** An entry the flusher gives up on, and why. */
    record DeadLetter(QueueEntry entry, String reason) {
    }

    /** Decodes {@code entries}; a public message whose id is in {@code deleted} is skipped. */
    static FlushPlan of(Collection<QueueEntry> entries, Set<Long> deleted) {
        return of(entries, deleted, Map.of());
    }

    /**
     * As {@link #of(Collection, Set)}, and a public message with an edit in {@code edits} is
     * written with the edit's text: a queue entry keeps the text it was sent with.
     */
    static FlushPlan of(Collection<QueueEntry> entries, Set<Long> deleted, Map<Long, MessageEdit> edits) {
        var publics = new ArrayList<Held<ChatMessage>>();
        var privates = new ArrayList<Held<PrivateMessage>>();
        var skipped = new ArrayList<String>();
        var malformed = new ArrayList<DeadLetter>();
        for (var entry : entries) {
            try {
                switch (entry.kind() == null ? "" : entry.kind()) {
                    case JournalEntries.PUBLIC -> {
                        var message = JournalEntries.chat(entry.data());
                        if (deleted.contains(message.id())) {
                            skipped.add(entry.streamId());
                        } else {
                            var edit = edits.get(message.id());
                            publics.add(new Held<>(entry, edit == null ? message : message.edited(edit)));
                        }
                    }
                    case JournalEntries.PRIVATE -> privates.add(new Held<>(entry, JournalEntries.privateMessage(entry.data())));
                    default -> malformed.add(new DeadLetter(entry, "malformed entry: unknown kind '" + entry.kind() + "'"));
                }
            } catch (IllegalArgumentException e) {
                malformed.add(new DeadLetter(entry, "malformed entry: " + e.getMessage()));
            }
        }
        return new FlushPlan(List.copyOf(publics), List.copyOf(privates), List.copyOf(skipped), List.copyOf(malformed));
    }

    /** The ids of the public messages in {@code entries} (undecodable ones left out): what to look up in the deleted set. */
    static List<Long> publicIds(Collection<QueueEntry> entries) {
        return of(entries, Set.of()).publics().stream().map(held -> held.message().id()).toList();
    }

    int messageCount() {
        return publics.size() + privates.size();
    }
}
