package io.onrabble.domain;

/**
 * Which control characters input may hold: none in names, ids and search terms; tab and line
 * breaks in free text (messages, descriptions, reasons). A NUL byte in particular is refused before
 * it reaches PostgreSQL, which cannot store it, and an ANSI escape before it reaches a terminal.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    public static boolean any(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    public static boolean anyBesidesLineBreaks(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }
}
