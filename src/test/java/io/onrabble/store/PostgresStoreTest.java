package io.onrabble.store;

import io.onrabble.testing.TestPostgres;

/** The contract on the local PostgreSQL, each test in a database of its own. */
class PostgresStoreTest extends StoreContractTest {
    private TestPostgres postgres;

    @Override
    protected Database open() {
        postgres = TestPostgres.create();
        return postgres.open();
    }

    @Override
    protected void dispose() {
        postgres.close();
    }
}
