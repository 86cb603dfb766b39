package io.onrabble.store;

/** What a change did: done, nothing to change (unknown id), or refused by a uniqueness rule. */
public enum Outcome {
    DONE, NOT_FOUND, CONFLICT
}
