package io.onrabble.store;

import java.util.List;

/** One page of a listing; {@code hasMore} says whether a further page exists. */
public record Page<T>(List<T> items, boolean hasMore) {

    /** Reads a page from rows fetched with {@code limit + 1}: the extra row only proves there is more. */
    public static <T> Page<T> of(List<T> rows, int limit) {
        return rows.size() > limit ? new Page<>(List.copyOf(rows.subList(0, limit)), true) : new Page<>(List.copyOf(rows), false);
    }
}
