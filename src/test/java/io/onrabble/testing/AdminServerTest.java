package io.onrabble.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the admin API tests: each test runs once per {@link Mode} (embedded, and PostgreSQL +
 * Valkey) against a fresh server, with an admin token at hand.
 */
@ParameterizedClass
@EnumSource(Mode.class)
public abstract class AdminServerTest {
    protected static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    protected Mode mode;

    protected TestServer server;
    protected String admin;

    @BeforeEach
    void startServer() throws Exception {
        server = mode.start();
        admin = server.adminToken("root");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
