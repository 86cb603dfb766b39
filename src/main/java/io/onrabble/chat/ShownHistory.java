package io.onrabble.chat;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.LongStream;

/**
 * The messages a session's connect sequence showed, kept for the session's life in a few bytes, so
 * a live frame repeating one of them is dropped however late it arrives. Late is possible: a message
 * appended to the journal just before the history was read may be published (here or on another
 * node) only after the session went live, and a message acked before a client connected may reach
 * this node's broker subscription after it did. Public ids come from one counter and the history
 * holds the newest ones, so they are kept as a range less its gaps (ids not in the history: in flight
 * then, or deleted); a user's direct messages are few and kept as they are. A resuming client holds
 * every message up to its resume point as well as those replayed to it.
 */
public final class ShownHistory {
    private final long minPublicId;
    private final long maxPublicId;
    private final long[] publicGaps;
    private final long[] privateIds;
    /** Every direct message up to this id is held (a resume point), besides {@code privateIds}. */
    private final long privateHeldUpTo;

    private ShownHistory(long minPublicId, long maxPublicId, long[] publicGaps, long[] privateIds, long privateHeldUpTo) {
        this.minPublicId = minPublicId;
        this.maxPublicId = maxPublicId;
        this.publicGaps = publicGaps;
        this.privateIds = privateIds;
        this.privateHeldUpTo = privateHeldUpTo;
    }

    public static ShownHistory of(Collection<Long> publicIds, Collection<Long> privateIds) {
        return shown(sorted(publicIds), 0, sorted(privateIds), 0);
    }

    /** What a client resuming from {@code point} holds once the messages it missed are replayed to it. */
    static ShownHistory resumed(ResumePoint point, Collection<Long> missedPublicIds, Collection<Long> missedPrivateIds) {
        return shown(sorted(missedPublicIds), point.publicId(), sorted(missedPrivateIds), point.privateId());
    }

    /** The same public history plus a user's own direct messages. */
    ShownHistory withPrivate(Collection<Long> privateIds) {
        return new ShownHistory(minPublicId, maxPublicId, publicGaps, sorted(privateIds), privateHeldUpTo);
    }

    /** {@code listed} (sorted) and, when {@code publicHeldUpTo} is above 0, every id from 1 to it; likewise for direct messages. */
    private static ShownHistory shown(long[] listed, long publicHeldUpTo, long[] dms, long privateHeldUpTo) {
        var above = Arrays.stream(listed).filter(id -> id > publicHeldUpTo).toArray();
        if (publicHeldUpTo == 0 && above.length == 0) {
            return new ShownHistory(1, 0, new long[0], dms, privateHeldUpTo);
        }
        var min = publicHeldUpTo > 0 ? 1 : above[0];
        var max = above.length > 0 ? above[above.length - 1] : publicHeldUpTo;
        var gaps = LongStream.rangeClosed(Math.max(min, publicHeldUpTo + 1), max)
                .filter(id -> Arrays.binarySearch(above, id) < 0).toArray();
        return new ShownHistory(min, max, gaps, dms, privateHeldUpTo);
    }

    private static long[] sorted(Collection<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }

    /** True when the history showed what a frame with this key says. */
    boolean shows(HistoryKey key) {
        return switch (key) {
            case HistoryKey.PublicMessage(var id) ->
                    id >= minPublicId && id <= maxPublicId && Arrays.binarySearch(publicGaps, id) < 0;
            case HistoryKey.PrivateMessage(var id) -> id <= privateHeldUpTo || Arrays.binarySearch(privateIds, id) >= 0;
            case HistoryKey.Presence ignored -> false;
            case HistoryKey.None ignored -> false;
        };
    }
}
