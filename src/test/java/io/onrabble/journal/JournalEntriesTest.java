package io.onrabble.journal;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON of queue and ring entries: what a running deployment already holds must still be read. */
class JournalEntriesTest {
    private static final Instant AUTHORED = Timestamps.fromMicros(1_733_040_000_123_456L);

    /** Written by the hand-written encoder before databind, then completed by journal/append.lua. */
    private static final String OLD_PUBLIC = "{\"id\":42,\"owner_id\":\"u-1\",\"username\":\"alice\",\"channel_id\":3,"
            + "\"channel\":\"general\",\"message\":\"hi \\\"there\\\" \\u00e9\",\"authored_at\":1733040000123456}";
    private static final String OLD_PRIVATE = "{\"id\":7,\"owner_id\":\"u-1\",\"username\":\"alice\",\"recipient_id\":\"u-2\","
            + "\"recipient\":\"bob\",\"message\":\"psst\",\"authored_at\":1733040000123456}";

    @Test
    void entriesWrittenByTheOldEncoderAreRead() {
        assertThat(JournalEntries.chat(OLD_PUBLIC))
                .isEqualTo(new ChatMessage(42, "u-1", "alice", 3, "general", "hi \"there\" \u00e9", AUTHORED));
        assertThat(JournalEntries.privateMessage(OLD_PRIVATE))
                .isEqualTo(new PrivateMessage(7, "u-1", "alice", "u-2", "bob", "psst", AUTHORED));
    }

    @Test
    void aDraftIsTheOldFormatWithoutItsIdSoTheAppendScriptCanPrefixIt() {
        var draft = JournalEntries.draft(new ChatMessage(0, "u-1", "alice", 3, "general", "hi", AUTHORED));

        assertThat(draft).isEqualTo("{\"owner_id\":\"u-1\",\"username\":\"alice\",\"channel_id\":3,"
                + "\"channel\":\"general\",\"message\":\"hi\",\"authored_at\":1733040000123456}");
        // What journal/append.lua does with it:
        var stored = "{\"id\":9," + draft.substring(1);
        assertThat(JournalEntries.chat(stored).id()).isEqualTo(9);
    }

    @Test
    void aPrivateMessageSurvivesTheRoundTrip() {
        var message = new PrivateMessage(0, "u-1", "alice", "u-2", "bob", "psst", AUTHORED);
        var stored = "{\"id\":7," + JournalEntries.draft(message).substring(1);

        assertThat(stored).isEqualTo(OLD_PRIVATE);
        assertThat(JournalEntries.privateMessage(stored)).isEqualTo(message.withId(7));
    }

    @Test
    void incompleteOrMistypedEntriesAreRefused() {
        assertThatThrownBy(() -> JournalEntries.chat(OLD_PUBLIC.replace("\"id\":42,", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> JournalEntries.chat(OLD_PUBLIC.replace("\"channel_id\":3", "\"channel_id\":\"3\"")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalEntries.chat(OLD_PUBLIC.replace("\"username\":\"alice\"", "\"username\":5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalEntries.chat(OLD_PUBLIC.replace("\"message\":\"hi", "\"message\":null,\"x\":\"")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalEntries.privateMessage("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalEntries.privateMessage("{not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
