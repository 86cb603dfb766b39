package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a flush does with the queue entries a node holds, decided without Valkey or the database:
 * which messages to insert, which entries to acknowledge without writing (their message was
 * deleted by an admin) and which to move to the dead letters (not a message this server wrote).
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
                            publics.add(new Held<>(entry, message));
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
