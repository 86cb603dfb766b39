package io.onrabble.journal;

import io.onrabble.journal.FlushPlan.DeadLetter;
import io.onrabble.journal.FlushPlan.Held;
import io.onrabble.store.MessageStore;
import io.onrabble.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a {@link FlushPlan} to the database and says what became of each entry. A batch the
 * database refuses on its own (a constraint, bad data) is written again one message at a time, so
 * one bad message is dead-lettered and the rest are stored. A transient failure (the database is
 * unreachable) is thrown: the caller keeps every entry and retries, which the idempotent inserts allow.
 */
final class BatchWriter {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final MessageStore store;

    BatchWriter(MessageStore store) {
        this.store = store;
    }

    /**
     * @param written      stream ids whose message is now in the database
     * @param writtenPublic ids of the public messages written (to check against deletions made meanwhile)
     * @param refused      entries the database refused
     */
    record Outcome(List<String> written, List<Long> writtenPublic, List<DeadLetter> refused) {
    }

    /** Throws a transient {@link StoreException} when the database is unreachable; then nothing is reported written. */
    Outcome write(FlushPlan plan) {
        try {
            store.insertPublic(plan.publics().stream().map(Held::message).toList());
            store.insertPrivate(plan.privates().stream().map(Held::message).toList());
            var written = new ArrayList<String>();
            plan.publics().forEach(held -> written.add(held.entry().streamId()));
            plan.privates().forEach(held -> written.add(held.entry().streamId()));
            return new Outcome(written, plan.publics().stream().map(held -> held.message().id()).toList(), List.of());
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e;
            }
            log.warn("a batch of {} messages was refused ({}); writing them one by one to find the bad ones",
                    plan.messageCount(), e.getMessage());
        }
        var written = new ArrayList<String>();
        var writtenPublic = new ArrayList<Long>();
        var refused = new ArrayList<DeadLetter>();
        for (var held : plan.publics()) {
            if (writeAlone(held, m -> store.insertPublic(List.of(m)), written, refused)) {
                writtenPublic.add(held.message().id());
            }
        }
        for (var held : plan.privates()) {
            writeAlone(held, m -> store.insertPrivate(List.of(m)), written, refused);
        }
        return new Outcome(written, writtenPublic, refused);
    }

    private static <T> boolean writeAlone(Held<T> held, Consumer<T> insert,
                                          List<String> written, List<DeadLetter> refused) {
        try {
            insert.accept(held.message());
            written.add(held.entry().streamId());
            return true;
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e;
            }
            refused.add(new DeadLetter(held.entry(), e.getMessage() == null ? "refused" : e.getMessage()));
            return false;
        }
    }
}
