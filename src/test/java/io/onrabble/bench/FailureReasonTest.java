package io.onrabble.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure the bench reports never carries the token of the request it quotes. */
@Tag("fast")
class FailureReasonTest {
    @Test
    void theTokenInAQuotedRequestLineIsBlankedOut() {
        var message = "The timeout period of 30000ms has been exceeded while executing GET /ws?token=aaaa.bbbb.cccc&presence=batch for server 127.0.0.1:8080";
        assertThat(Fleet.withoutToken(message))
                .isEqualTo("The timeout period of 30000ms has been exceeded while executing GET /ws?token=…&presence=batch for server 127.0.0.1:8080");
        assertThat(Fleet.withoutToken(null)).isEmpty();
    }
}
