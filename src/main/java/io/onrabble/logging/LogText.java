package io.onrabble.logging;

/**
 * Makes text safe for a one-event-per-line log: every control character (CR, LF, tab, NUL, the ESC
 * of ANSI sequences, C1 controls) and the Unicode line and paragraph separators are written as
 * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so a value from a client can neither
 * start a line that looks like the server's own nor recolour a terminal.
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            var unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (!unsafe) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
