package io.onrabble.app;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ONRABBLE_EDIT_WINDOW: 15 minutes unless set, zero allowed (only admins change messages), nonsense refused. */
@Tag("fast")
class EditWindowSettingTest {

    @Test
    void theWindowIsFifteenMinutesUnlessSetAndMayBeZero() {
        assertThat(Config.fromEnv(Map.of()).validate().editWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Config.fromEnv(Map.of("ONRABBLE_EDIT_WINDOW", "1h")).editWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(Config.fromEnv(Map.of("ONRABBLE_EDIT_WINDOW", "0s")).editWindow()).isZero();
    }

    @Test
    void aMalformedWindowStopsStartUpNamingTheSetting() {
        for (var bad : new String[] {"-5m", "15", "forever"}) {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_EDIT_WINDOW", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_EDIT_WINDOW");
        }
    }

    @Test
    void aChangedPortKeepsTheWindow() {
        var config = Config.fromEnv(Map.of("ONRABBLE_EDIT_WINDOW", "90s")).withHttpPort(9999);

        assertThat(config.editWindow()).isEqualTo(Duration.ofSeconds(90));
    }
}
