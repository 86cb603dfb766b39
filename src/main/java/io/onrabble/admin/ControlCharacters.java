package io.onrabble.admin;

/**
 * Which control characters an admin input may hold: none in names, ids and search terms; tab and
 * line breaks in free text. A NUL byte in particular is refused before it reaches PostgreSQL,
 * which cannot store it.
 */
final class ControlCharacters {
    private ControlCharacters() {
    }

    static boolean any(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    static boolean anyBesidesLineBreaks(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }
}
