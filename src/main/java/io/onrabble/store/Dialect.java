package io.onrabble.store;

/** The SQL databases OnRabble stores into; each has its own migrations. */
public enum Dialect {
    SQLITE("classpath:db/sqlite"),
    POSTGRESQL("classpath:db/postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    public String migrations() {
        return migrations;
    }
}
