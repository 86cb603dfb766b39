package io.onrabble.store;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL databases OnRabble stores into; each has its own migrations. The few statements that
 * cannot be written once for both (full-text search) are here.
 */
public enum Dialect {
    /** FTS5 over an external-content table ({@code chat_messages_fts}, see V2). */
    SQLITE("classpath:db/sqlite", "m.id IN (SELECT rowid FROM chat_messages_fts WHERE chat_messages_fts MATCH ?)") {
        @Override
        public String fullTextQuery(String keyword) {
            // Each word quoted (so FTS5 operators in user input stay plain words), all of them required:
            // the same meaning as plainto_tsquery.
            return WORD.matcher(keyword).results()
                    .map(word -> "\"" + word.group() + "\"")
                    .collect(Collectors.joining(" "));
        }
    },
    /** The generated English tsvector column {@code search_vector} with its GIN index (see V2). */
    POSTGRESQL("classpath:db/postgresql", "m.search_vector @@ plainto_tsquery('english', ?)") {
        @Override
        public String fullTextQuery(String keyword) {
            return keyword;
        }
    };

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final String migrations;
    private final String fullTextCondition;

    Dialect(String migrations, String fullTextCondition) {
        this.migrations = migrations;
        this.fullTextCondition = fullTextCondition;
    }

    public String migrations() {
        return migrations;
    }

    /** A condition on public messages aliased {@code m}, with one parameter: {@link #fullTextQuery}. */
    public String fullTextCondition() {
        return fullTextCondition;
    }

    /** The parameter of {@link #fullTextCondition()} for what a user typed. */
    public abstract String fullTextQuery(String keyword);

    /** True when {@code keyword} holds at least one word to search for. */
    public static boolean hasWords(String keyword) {
        return WORD.matcher(keyword).find();
    }
}
