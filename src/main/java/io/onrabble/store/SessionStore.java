package io.onrabble.store;

/** Connection durations for the analytics. */
public interface SessionStore {
    void record(ChatSession session);
}
