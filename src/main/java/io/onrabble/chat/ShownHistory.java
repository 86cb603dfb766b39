package io.onrabble.chat;

import java.util.Arrays;
import java.util.Collection;

/**
 * The messages a session's connect sequence showed, kept for the session's life in a few bytes, so
 * a live frame repeating one of them is dropped however late it arrives. Late is possible: a message
 * appended to the journal just before the history was read may be published (here or on another
 * node) only after the session went live. Public ids come from one counter and the history holds
 * the newest ones, so they are kept as a range less its gaps (ids not in the history: in flight then,
 * or deleted); a user's direct messages are few and kept as they are.
 */
public final class ShownHistory {
    private final long minPublicId;
    private final long maxPublicId;
    private final long[] publicGaps;
    private final long[] privateIds;

    private ShownHistory(long minPublicId, long maxPublicId, long[] publicGaps, long[] privateIds) {
        this.minPublicId = minPublicId;
        this.maxPublicId = maxPublicId;
        this.publicGaps = publicGaps;
        this.privateIds = privateIds;
    }

    public static ShownHistory of(Collection<Long> publicIds, Collection<Long> privateIds) {
        var shown = publicIds.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        var dms = privateIds.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        if (shown.length == 0) {
            return new ShownHistory(1, 0, new long[0], dms);
        }
        var min = shown[0];
        var max = shown[shown.length - 1];
        var gaps = new long[(int) (max - min + 1 - shown.length)];
        var next = 0;
        for (int i = 1; i < shown.length; i++) {
            for (var id = shown[i - 1] + 1; id < shown[i]; id++) {
                gaps[next++] = id;
            }
        }
        return new ShownHistory(min, max, gaps, dms);
    }

    /** The same public history plus a user's own direct messages. */
    ShownHistory withPrivate(Collection<Long> privateIds) {
        var dms = privateIds.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        return new ShownHistory(minPublicId, maxPublicId, publicGaps, dms);
    }

    /** True when the history showed what a frame with this key says. */
    boolean shows(HistoryKey key) {
        return switch (key) {
            case HistoryKey.PublicMessage(var id) ->
                    id >= minPublicId && id <= maxPublicId && Arrays.binarySearch(publicGaps, id) < 0;
            case HistoryKey.PrivateMessage(var id) -> Arrays.binarySearch(privateIds, id) >= 0;
            case HistoryKey.Presence ignored -> false;
            case HistoryKey.None ignored -> false;
        };
    }
}
