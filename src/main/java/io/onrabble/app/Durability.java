package io.onrabble.app;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an ack promises with Valkey ({@code ONRABBLE_DURABILITY}); embedded mode always commits to
 * SQLite first. docs/operations.md says what each survives.
 */
public enum Durability {
    /** Acked once committed to PostgreSQL (group commit); Valkey may lose everything. The default. */
    DATABASE,
    /** Acked once appended to Valkey's queue, written to the database later: as durable as Valkey is. */
    VALKEY;

    static Durability parse(String text) {
        return Arrays.stream(values()).filter(mode -> mode.name().equals(text.toUpperCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be 'database' or 'valkey'"));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
