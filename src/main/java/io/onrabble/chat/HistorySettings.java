package io.onrabble.chat;

/**
 * How far back clients may reach (see {@link MessageReplay} and {@link OlderHistory}).
 *
 * @param resumeMaxMessages the most public, and the most private, messages a resume replays; a
 *                          client that missed more gets {@code resync_needed} and the full history
 * @param pageMax           the most messages one {@code history} page holds
 * @param pageDefault       the page size when {@code get_history} gives no {@code limit}
 */
public record HistorySettings(int resumeMaxMessages, int pageMax, int pageDefault) {
}
