package io.onrabble.store;

import java.util.List;

/** Stored rate limits: the global default and per-user overrides. */
public interface RateLimitStore {
    List<RateLimitRow> all();
}
