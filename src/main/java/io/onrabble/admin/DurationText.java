package io.onrabble.admin;

import java.time.Duration;

/**
 * The one text format of durations in admin answers: {@code H:MM:SS}, hours unbounded (no days
 * part), whole seconds (fractions dropped), e.g. {@code 0:01:30} or {@code 49:00:00}. Answers carry
 * the exact number of seconds beside it for programs.
 */
final class DurationText {
    private DurationText() {
    }

    static String format(Duration duration) {
        var seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
