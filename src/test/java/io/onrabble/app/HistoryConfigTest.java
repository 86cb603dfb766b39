package io.onrabble.app;

import io.onrabble.chat.HistorySettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resume and history page settings: their defaults, their bounds, and what validate() refuses. */
@Tag("fast")
class HistoryConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(Config.fromEnv(Map.of()).validate().history()).isEqualTo(new HistorySettings(1000, 200, 50));
    }

    @Test
    void eachSettingIsReadAndBounded() {
        var history = Config.fromEnv(Map.of("ONRABBLE_RESUME_MAX_MESSAGES", "0", "ONRABBLE_HISTORY_PAGE_MAX", "500",
                "ONRABBLE_HISTORY_PAGE_DEFAULT", "500")).validate().history();
        assertThat(history).isEqualTo(new HistorySettings(0, 500, 500));
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_HISTORY_PAGE_MAX", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_HISTORY_PAGE_MAX='0'");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_RESUME_MAX_MESSAGES", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_RESUME_MAX_MESSAGES");
    }

    @Test
    void aDefaultPageAboveTheMaximumIsRefusedBeforeAnythingStarts() {
        var config = Config.fromEnv(Map.of("ONRABBLE_HISTORY_PAGE_MAX", "20", "ONRABBLE_HISTORY_PAGE_DEFAULT", "50"));
        assertThatThrownBy(config::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ONRABBLE_HISTORY_PAGE_DEFAULT=50").hasMessageContaining("ONRABBLE_HISTORY_PAGE_MAX=20");
    }
}
