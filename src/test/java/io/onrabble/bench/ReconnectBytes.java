package io.onrabble.bench;

import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one reconnect costs on the wire: the full connect history (500 public messages and 500 DMs,
 * the default ring) against a resume that missed 10 public messages and 2 DMs, and one that missed
 * nothing. Byte counts, not timings: run by hand, see docs/benchmarks.md for the command.
 */
public final class ReconnectBytes {
    private ReconnectBytes() {
    }

    public static void main(String[] args) {
        var codec = new Codec(4000);
        var text = "a typical chat line of around eighty characters, with some words and punctuation!";
        var at = Instant.parse("2026-11-28T08:00:00.123456Z");
        var owner = "0b8f2c1e-8f55-4c1a-9d7e-3f1a2b3c4d5e";
        var publicMessages = new ArrayList<ChatMessage>();
        var directMessages = new ArrayList<PrivateMessage>();
        for (int i = 0; i < 500; i++) {
            publicMessages.add(new ChatMessage(123_000 + i, owner, "alice", 1, "General", text, at));
            directMessages.add(new PrivateMessage(9_000 + i, owner, "alice", "1c2d", "bob", text, at));
        }
        var history = codec.encode(new ServerMessage.BulkChatMessages(publicMessages)).length
                + codec.encode(new ServerMessage.BulkPrivateMessages(directMessages)).length;
        var resumed = codec.encode(new ServerMessage.Resumed(publicMessages.subList(490, 500),
                directMessages.subList(498, 500), List.of(), List.of())).length;
        var nothing = codec.encode(new ServerMessage.Resumed(List.of(), List.of(), List.of(), List.of())).length;
        System.out.printf("full history (500 + 500): %d B; resumed (10 + 2): %d B; resumed (nothing missed): %d B%n",
                history, resumed, nothing);
    }
}
